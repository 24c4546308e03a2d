# language: no
Egenskap: Overføringer av personopplysninger til tredjeparter
  Erklæringen sier: «Vi kan overføre personopplysninger til tredjeparter: Når det er tillatt eller
  krevd av loven, for eksempel for å overholde anmodninger fra vedkommende myndigheter eller
  relatert til rettssaker. Når våre tjenesteleverandører prosesserer personopplysninger på vegne av
  oss og i henhold til våre retningslinjer. Vi vil kontrollere og ha ansvar for bruken av dine
  personopplysninger til enhver tid. Med ditt samtykke til parter som samtykket relaterer til»

  Hver mottaker prøves for seg; er én mottaker ikke tillatt, avvises hele behandlingen.
  Slik leses scenarioene: se features/LESMEG.md.

  Regel: Tjenesteleverandører kan behandle opplysninger på vegne av Flex, etter Flex sine retningslinjer

    @klausul:overforinger.1 @klausul:overforinger.b @klausul:overforinger.b.2 @tolkning
    Scenariomal: En tjenesteleverandør i EØS med databehandleravtale kan sende nyhetsbrevet
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av berettiget interesse
      Og opplysningene sendes til tjenesteleverandøren «<leverandør>» i <land>, som har databehandleravtale med Flex
      Så skal behandlingen tillates med henvisning til «Når våre tjenesteleverandører prosesserer personopplysninger på vegne av oss»
      Og Flex får plikten «Flex skal kontrollere og ha ansvar for tjenesteleverandørens bruk av opplysningene til enhver tid»

      Eksempler:
        | leverandør     | land          |
        | Postmark EU    | Irland        |
        | Nordisk Utsend | Norge         |
        | Utsendelse ehf | Island        |
        | Alpenpost      | Liechtenstein |

    @klausul:overforinger.b @klausul:overforinger.b.2 @tolkning
    Scenario: En tjenesteleverandør uten databehandleravtale får ikke opplysningene
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av berettiget interesse
      Og opplysningene sendes til tjenesteleverandøren «Billigpost» i Sverige, som ikke har databehandleravtale med Flex
      Så skal behandlingen avvises med henvisning til «på vegne av oss og i henhold til våre retningslinjer»
      Og avslaget gjelder mottakeren «Billigpost»

    @klausul:overforinger.b @tolkning
    Scenario: Når det ikke er kjent om det finnes en databehandleravtale, tillates overføringen bare på vilkår
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av berettiget interesse
      Og opplysningene sendes til tjenesteleverandøren «Ny leverandør» i Danmark, der det ikke er kjent om det finnes en databehandleravtale
      Så skal behandlingen tillates på vilkår om at mottakeren har databehandleravtale med Flex
      Og det er ingen andre vilkår

    @klausul:overforinger.1 @tolkning
    Scenariomal: Tjenesteleverandører utenfor EØS avvises, også med databehandleravtale
      Erklæringen nevner ikke overføring til land utenfor EØS. Reglene avviser derfor slike
      overføringer, også til land med en adekvansbeslutning, som Sveits og Storbritannia.

      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av berettiget interesse
      Og opplysningene sendes til tjenesteleverandøren «<leverandør>» i <land>, som har databehandleravtale med Flex
      Så skal behandlingen avvises med henvisning til «Vi kan overføre personopplysninger til tredjeparter»
      Og avslaget gjelder mottakeren «<leverandør>»

      Eksempler:
        | leverandør  | land          |
        | Mailchimp   | USA           |
        | Swissmail   | Sveits        |
        | Londonpost  | Storbritannia |
        | Bangalore IT | India        |

  Regel: Myndigheter og domstoler får opplysninger når loven tillater eller krever det

    @klausul:overforinger.1 @klausul:overforinger.a @tolkning
    Scenario: Flex svarer på en lovlig forespørsel fra skattemyndighetene
      Gitt en kunde med et aktivt kundeforhold
      Og en lovbestemt plikt krever behandlingen
      Og loven krever utleveringen
      Når Flex vil utlevere regnskapsopplysninger på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Skatteetaten» i Norge
      Så skal behandlingen tillates med henvisning til «for å overholde anmodninger fra vedkommende myndigheter»
      Og Flex får plikten «Utlever bare det loven tillater eller krever»

    @klausul:overforinger.a @tolkning
    Scenario: Flex utleverer opplysninger til en domstol i en rettssak
      Gitt en kunde med et aktivt kundeforhold
      Og en lovbestemt plikt krever behandlingen
      Og loven krever utleveringen
      Når Flex vil utlevere regnskapsopplysninger på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til domstolen «Oslo tingrett» i Norge
      Så skal behandlingen tillates med henvisning til «relatert til rettssaker»

    @klausul:overforinger.a
    Scenario: Utlevering til en myndighet uten hjemmel i lov avvises
      Gitt en kunde med et aktivt kundeforhold
      Og ingen lovbestemt plikt krever behandlingen
      Og loven verken tillater eller krever utleveringen
      Når Flex vil utlevere regnskapsopplysninger på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Skatteetaten» i Norge
      Så skal behandlingen avvises med henvisning til «Når det er tillatt eller krevd av loven»
      Og avslaget gjelder mottakeren «Skatteetaten»

    @klausul:overforinger.a @tolkning
    Scenario: Når det ikke er kjent om loven tillater utleveringen, tillates den bare på vilkår
      Gitt en besøkende på www.flex.as
      Når Flex vil utlevere IP-logger fra nettsiden på grunnlag av berettiget interesse
      Og opplysningene utleveres til myndigheten «Politiet» i Norge
      Så skal behandlingen tillates på vilkår om at loven tillater eller krever utleveringen (f.eks. en anmodning fra vedkommende myndighet eller i en rettssak)
      Og det er ingen andre vilkår

    @klausul:overforinger.1 @tolkning
    Scenario: En utenlandsk myndighet utenfor EØS får ikke opplysningene
      Gitt en kunde med et aktivt kundeforhold
      Og en lovbestemt plikt krever behandlingen
      Og loven krever utleveringen
      Når Flex vil utlevere regnskapsopplysninger på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Internal Revenue Service» i USA
      Så skal behandlingen avvises med henvisning til «Vi kan overføre personopplysninger til tredjeparter»

  Regel: Andre tredjeparter får opplysninger bare med kundens samtykke

    @klausul:overforinger.c @klausul:samtykke.1 @tolkning
    Scenario: Overføring til en samarbeidspartner kunden har samtykket til
      Gitt en kunde med et aktivt kundeforhold som har samtykket til deling med samarbeidspartnere
      Og kunden har samtykket til overføring til «Regnskapsforeningen»
      Når Flex vil dele kontaktopplysninger med en samarbeidspartner på grunnlag av samtykke
      Og opplysningene overføres til tredjeparten «Regnskapsforeningen» i Norge
      Så skal behandlingen tillates med henvisning til «Med ditt samtykke til parter som samtykket relaterer til»

    @klausul:overforinger.c
    Scenario: En tredjepart kunden ikke har samtykket til, får ikke opplysningene
      Gitt en kunde med et aktivt kundeforhold som har samtykket til deling med samarbeidspartnere
      Og kunden har samtykket til overføring til «Regnskapsforeningen»
      Når Flex vil dele kontaktopplysninger med en samarbeidspartner på grunnlag av samtykke
      Og opplysningene overføres til tredjeparten «Reklamebyrået AS» i Norge
      Så skal behandlingen avvises med henvisning til «Med ditt samtykke til parter som samtykket relaterer til»
      Og avslaget gjelder mottakeren «Reklamebyrået AS»

    @klausul:overforinger.c
    Scenario: Én mottaker uten samtykke stopper hele overføringen
      Gitt en kunde med et aktivt kundeforhold som har samtykket til deling med samarbeidspartnere
      Og kunden har samtykket til overføring til «Regnskapsforeningen»
      Når Flex vil dele kontaktopplysninger med en samarbeidspartner på grunnlag av samtykke
      Og opplysningene overføres til tredjeparten «Regnskapsforeningen» i Norge
      Og opplysningene overføres til tredjeparten «Reklamebyrået AS» i Norge
      Så skal behandlingen avvises
      Og avslaget gjelder mottakeren «Reklamebyrået AS»

    @klausul:overforinger.c @klausul:samtykke.1 @tolkning
    Scenario: Når det ikke er kjent hvem kunden har samtykket til, tillates overføringen bare på vilkår
      Gitt en kunde med et aktivt kundeforhold som har samtykket til deling med samarbeidspartnere
      Når Flex vil dele kontaktopplysninger med en samarbeidspartner på grunnlag av samtykke
      Og opplysningene overføres til tredjeparten «Regnskapsforeningen» i Norge
      Så skal behandlingen tillates på vilkår om at «Regnskapsforeningen» er blant mottakerne den registrerte har samtykket til at opplysningene overføres til

  Regel: Utlevering som loven tillater eller krever, gjelder alle registrerte

    @klausul:overforinger.a @tolkning
    Scenario: Politiet får IP-logger om besøkende på nettsiden når loven krever det
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Og loven krever utleveringen
      Når Flex vil utlevere IP-logger fra nettsiden på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Politiet» i Norge
      Så skal behandlingen tillates med henvisning til «Når det er tillatt eller krevd av loven»

    @klausul:lover.1 @klausul:overforinger.a @tolkning
    Scenario: Loven tillater, men krever ikke, utleveringen: da er rettslig forpliktelse ikke grunnlaget
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Og loven tillater, men krever ikke, utleveringen
      Når Flex vil utlevere IP-logger fra nettsiden på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Politiet» i Norge
      Så skal behandlingen avvises med henvisning til «Vi kan bli forpliktet til å behandle personopplysninger»

    @klausul:overforinger.a @tolkning
    Scenario: Loven tillater, men krever ikke, utleveringen: den kan bygge på berettiget interesse
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Og loven tillater, men krever ikke, utleveringen
      Når Flex vil utlevere IP-logger fra nettsiden på grunnlag av berettiget interesse
      Og opplysningene utleveres til myndigheten «Politiet» i Norge
      Så skal behandlingen tillates med henvisning til «Når det er tillatt eller krevd av loven»

    @klausul:overforinger.a
    Scenario: Uten hjemmel i lov får politiet ikke IP-loggene
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Og loven verken tillater eller krever utleveringen
      Når Flex vil utlevere IP-logger fra nettsiden på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Politiet» i Norge
      Så skal behandlingen avvises med henvisning til «Når det er tillatt eller krevd av loven»

  Regel: Mottakere avtalen med kunden krever

    @klausul:innhenting.3 @tolkning
    Scenario: Lønnsfilen sendes til banken som utfører lønnsutbetalingen
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og avtalen med kunden sier at banken «DNB» utfører lønnsutbetalingen
      Når Flex vil sende lønnsfilen til banken på grunnlag av avtalen med kunden
      Og opplysningene sendes til banken «DNB» i Norge
      Så skal behandlingen tillates med henvisning til «utbetale lønn til deg og dine medarbeidere»

    @klausul:innhenting.3 @klausul:overforinger.a @tolkning
    Scenario: Kundens revisor får regnskapet
      Gitt en kunde med et aktivt kundeforhold
      Og kunden har valgt «Revisjon AS» som revisor
      Når Flex vil sende regnskapet til kundens revisor på grunnlag av avtalen med kunden
      Og opplysningene sendes til revisoren «Revisjon AS» i Norge
      Så skal behandlingen tillates med henvisning til «Når det er tillatt eller krevd av loven»

    @klausul:overforinger.1
    Scenario: En selvstendig behandlingsansvarlig avtalen ikke nevner, får ikke lønnsfilen
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og avtalen med kunden sier at banken «DNB» utfører lønnsutbetalingen
      Når Flex vil sende lønnsfilen til banken på grunnlag av avtalen med kunden
      Og opplysningene sendes til banken «Annen Bank ASA» i Norge
      Så skal behandlingen avvises
      Og avslaget gjelder mottakeren «Annen Bank ASA»

    @klausul:innhenting.4 @klausul:oppbevaring.5 @tolkning
    Scenario: En forfalt, ubetalt faktura sendes til inkasso etter at kundeforholdet er avsluttet
      Gitt en tidligere kunde som ikke har protestert mot noen behandling
      Og kunden har en forfalt, ubetalt faktura
      Og «Inkasso AS» har inkassobevilling fra Finanstilsynet
      Når Flex vil sende en ubetalt faktura til inkasso på grunnlag av berettiget interesse
      Og opplysningene sendes til inkassoselskapet «Inkasso AS» i Norge
      Så skal behandlingen tillates med henvisning til «Vi lagrer også epost og andre opplysninger som vedrører ditt kundeforhold»

    @klausul:overforinger.1
    Scenario: Et inkassoselskap uten inkassobevilling får ikke kravet
      Gitt en tidligere kunde som ikke har protestert mot noen behandling
      Og kunden har en forfalt, ubetalt faktura
      Og «Inkasso AS» har inkassobevilling fra Finanstilsynet
      Når Flex vil sende en ubetalt faktura til inkasso på grunnlag av berettiget interesse
      Og opplysningene sendes til inkassoselskapet «Billig Innkreving» i Norge
      Så skal behandlingen avvises
      Og avslaget gjelder mottakeren «Billig Innkreving»

    @klausul:overforinger.1
    Scenario: Banken som utbetaler lønn, får ikke regnskapet som om den var revisor
      Gitt en kunde med et aktivt kundeforhold
      Og avtalen med kunden sier at banken «DNB» utfører lønnsutbetalingen
      Og kunden har valgt «Revisjon AS» som revisor
      Når Flex vil sende regnskapet til kundens revisor på grunnlag av avtalen med kunden
      Og opplysningene sendes til banken «DNB» i Norge
      Så skal behandlingen avvises
      Og avslaget gjelder mottakeren «DNB»

    @klausul:overforinger.1 @klausul:innledning.1 @tolkning
    Scenario: Overdragelse av virksomheten avvises til juridisk har vurdert den
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil overføre kundeopplysningene til kjøperen av virksomheten på grunnlag av berettiget interesse
      Og opplysningene overføres til tredjeparten «Kjøper AS» i Norge
      Så skal behandlingen avvises med henvisning til «Vi kan overføre personopplysninger til tredjeparter»

    @klausul:innhenting.4 @tolkning
    Scenario: En protest mot fakturering og betaling stanser ikke inkasso av en ubetalt faktura
      Gitt en tidligere kunde som har protestert mot behandling til fakturering og betaling
      Og kunden har en forfalt, ubetalt faktura
      Og «Inkasso AS» har inkassobevilling fra Finanstilsynet
      Når Flex vil sende en ubetalt faktura til inkasso på grunnlag av berettiget interesse
      Og opplysningene sendes til inkassoselskapet «Inkasso AS» i Norge
      Så skal behandlingen tillates med henvisning til «Vi lagrer også epost og andre opplysninger som vedrører ditt kundeforhold»

    @klausul:oppbevaring.5 @tolkning
    Scenario: En betalt faktura sendes ikke til inkasso
      Gitt en tidligere kunde som ikke har protestert mot noen behandling
      Og kunden har ingen forfalt, ubetalt faktura
      Og «Inkasso AS» har inkassobevilling fra Finanstilsynet
      Når Flex vil sende en ubetalt faktura til inkasso på grunnlag av berettiget interesse
      Og opplysningene sendes til inkassoselskapet «Inkasso AS» i Norge
      Så skal behandlingen avvises med henvisning til «forpliktelser fra en av partene»
      Og avslaget gjelder mottakeren «Inkasso AS»

  Regel: Tjenesteleverandører, underleverandører og tilgang fra land utenfor EØS

    @klausul:overforinger.b @klausul:overforinger.b.2 @tolkning
    Scenario: En leverandør får ikke bruke opplysningene til egne formål
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil la leverandøren bruke opplysningene til egen produktutvikling på grunnlag av berettiget interesse
      Og opplysningene sendes til tjenesteleverandøren «Skyleverandør AS» i Norge, som har databehandleravtale med Flex
      Så skal behandlingen avvises med henvisning til «Når våre tjenesteleverandører prosesserer personopplysninger på vegne av oss»

    @klausul:overforinger.1 @tolkning
    Scenario: Fjerntilgang fra India er en overføring ut av EØS
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil gi leverandørens brukerstøtte i India fjerntilgang til regnskapet på grunnlag av avtalen med kunden
      Og opplysningene sendes til tjenesteleverandøren «Driftspartner AS» i Norge, som har databehandleravtale med Flex
      Så skal behandlingen avvises med henvisning til «Vi kan overføre personopplysninger til tredjeparter»

    @klausul:overforinger.b @klausul:overforinger.b.2 @tolkning
    Scenario: En underleverandør Flex har godkjent, kan få opplysningene
      Gitt en kunde med et aktivt kundeforhold
      Og Flex har på forhånd skriftlig godkjent underleverandøren «Lagring AB»
      Når Flex vil utarbeide regnskap for kunden på grunnlag av avtalen med kunden
      Og opplysningene sendes til underleverandøren «Lagring AB» i Sverige, som har databehandleravtale med Flex
      Så skal behandlingen tillates med henvisning til «Vi vil kontrollere og ha ansvar for bruken av dine personopplysninger til enhver tid»

    @klausul:overforinger.b @klausul:overforinger.b.2
    Scenario: En underleverandør Flex ikke har godkjent, får ikke opplysningene
      Gitt en kunde med et aktivt kundeforhold
      Og Flex har på forhånd skriftlig godkjent underleverandøren «Lagring AB»
      Når Flex vil utarbeide regnskap for kunden på grunnlag av avtalen med kunden
      Og opplysningene sendes til underleverandøren «Ukjent Drift AB» i Sverige, som har databehandleravtale med Flex
      Så skal behandlingen avvises
      Og avslaget gjelder mottakeren «Ukjent Drift AB»
