# language: no
Egenskap: Informasjonskapsler på www.flex.as
  Erklæringen sier: «Vi bruker informasjonskapsler og andre lignende teknologier på våre nettsider
  på www.flex.as. [...] Informasjonskapsler kan bidra til å identifisere din enhet når du besøker
  en nettside, og huske nyttige detaljer fra dine tidligere besøk for å bedre din
  brukeropplevelse. [...] Du kan stille inn nettleseren til ikke å akseptere informasjonskapsler,
  begrense bruken av informasjonskapsler eller fjerne informasjonskapsler fra nettleseren. Men
  siden informasjonskapsler er en viktig del av hvordan nettstedet fungerer, kan begrensning av
  bruk av informasjonskapsler påvirke nettsidenes funksjonalitet.»

  Erklæringen fra 2018 bygger på at den besøkende kan avvise informasjonskapsler i nettleseren.
  Reglene følger i stedet dagens ekomlov § 3-15: informasjonskapsler som ikke er strengt
  nødvendige, krever samtykke. Det er en tolkning juridisk bør vurdere, og erklæringen bør
  oppdateres. Slik leses scenarioene: se features/LESMEG.md.

  Regel: Informasjonskapsler for en bedre brukeropplevelse krever samtykke

    @klausul:informasjonskapsler.1 @klausul:informasjonskapsler.3 @tolkning
    Scenariomal: Med samtykke kan Flex sette informasjonskapsler som bedrer brukeropplevelsen
      Gitt en besøkende på www.flex.as som har samtykket til informasjonskapsler for en bedre brukeropplevelse
      Og nettleseren godtar informasjonskapsler
      Når Flex vil <handling> på grunnlag av samtykke
      Så skal behandlingen tillates med henvisning til «huske nyttige detaljer fra dine tidligere besøk for å bedre din brukeropplevelse»
      Og Flex får plikten «Respekter nettleserens innstillinger for informasjonskapsler»

      Eksempler:
        | handling                                                |
        | sette informasjonskapsler som husker den besøkendes valg |
        | sette informasjonskapsler som kjenner igjen enheten      |

    @klausul:samtykke.1
    Scenario: Uten samtykke settes ingen informasjonskapsler for brukeropplevelsen
      Gitt en besøkende på www.flex.as som ikke har gitt noe samtykke
      Og nettleseren godtar informasjonskapsler
      Når Flex vil sette informasjonskapsler som husker den besøkendes valg på grunnlag av samtykke
      Så skal behandlingen avvises med henvisning til «Hvis du har gitt ditt samtykke»

    @klausul:informasjonskapsler.1 @tolkning
    Scenario: Informasjonskapsler for brukeropplevelsen kan ikke bygge på berettiget interesse
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Og nettleseren godtar informasjonskapsler
      Når Flex vil sette informasjonskapsler som husker den besøkendes valg på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Vi bruker informasjonskapsler og andre lignende teknologier»

  Regel: Informasjonskapsler nettstedet trenger for å fungere, krever ikke samtykke

    @klausul:informasjonskapsler.1 @klausul:informasjonskapsler.6 @tolkning
    Scenario: En nødvendig informasjonskapsel settes uten samtykke
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Og nettleseren godtar informasjonskapsler
      Når Flex vil sette en informasjonskapsel som nettstedet trenger for å fungere på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «siden informasjonskapsler er en viktig del av hvordan nettstedet fungerer»

  Regel: Den besøkende bestemmer over nettleseren sin

    @klausul:informasjonskapsler.5
    Scenariomal: Når nettleseren avviser informasjonskapsler, settes ingen
      Gitt en besøkende på www.flex.as som har stilt inn nettleseren til ikke å akseptere informasjonskapsler
      Og den besøkende har samtykket til informasjonskapsler for en bedre brukeropplevelse
      Og den besøkende har ikke protestert mot noen behandling
      Når Flex vil <handling> på grunnlag av <grunnlag>
      Så skal behandlingen avvises med henvisning til «Du kan stille inn nettleseren til ikke å akseptere informasjonskapsler»

      Eksempler:
        | handling                                                 | grunnlag             |
        | sette informasjonskapsler som husker den besøkendes valg | samtykke             |
        | sette en informasjonskapsel som nettstedet trenger for å fungere | berettiget interesse |

    @klausul:informasjonskapsler.5 @klausul:informasjonskapsler.6 @tolkning
    Scenario: Når det ikke er kjent hva nettleseren godtar, settes informasjonskapselen bare på vilkår
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Når Flex vil sette en informasjonskapsel som nettstedet trenger for å fungere på grunnlag av berettiget interesse
      Så skal behandlingen tillates på vilkår om at nettleseren ikke er stilt inn til å avvise informasjonskapsler
      Og det er ingen andre vilkår

  Regel: Informasjonskapsler for annonsering og sporing er ikke beskrevet

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2 @tolkning
    Scenario: Annonsekapsler som sporer den besøkende på andre nettsteder, avvises selv med samtykke
      Gitt en besøkende på www.flex.as som har samtykket til informasjonskapsler for en bedre brukeropplevelse
      Og nettleseren godtar informasjonskapsler
      Når Flex vil sette annonsekapsler som sporer den besøkende på andre nettsteder på grunnlag av samtykke
      Så skal behandlingen avvises med henvisning til «gir deg informasjon om hvordan FLEX AS samler, bruker eller deler dine personlige data»

  Regel: Alle informasjonskapsler som ikke er strengt nødvendige, krever samtykke, uansett formål

    @klausul:informasjonskapsler.1 @tolkning
    Scenariomal: En analysekapsel på berettiget interesse avvises, uansett hva formålet kalles
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Og nettleseren godtar informasjonskapsler
      Når Flex vil <handling> på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Vi bruker informasjonskapsler og andre lignende teknologier»

      Eksempler:
        | handling                                                   |
        | sette en analysekapsel for å forbedre nettsiden            |
        | lese informasjonskapselen for en markedsundersøkelse       |

    @klausul:informasjonskapsler.1 @klausul:tjenesteutvikling.2 @tolkning
    Scenario: En analysekapsel med samtykke tillates
      Gitt en besøkende på www.flex.as som har samtykket til forbedring av tjenesten
      Og nettleseren godtar informasjonskapsler
      Når Flex vil sette en analysekapsel for å forbedre nettsiden på grunnlag av samtykke
      Så skal behandlingen tillates med henvisning til «Dette for å forbedre kvaliteten til tjenesten og til nettsiden»

    @klausul:informasjonskapsler.1 @klausul:informasjonskapsler.3 @tolkning
    Scenario: Å lese en enhetsidentifikator fra nettleseren krever samtykke, også uten en informasjonskapsel
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Når Flex vil lese en enhetsidentifikator fra nettleseren for å analysere besøkene på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Informasjonskapsler kan bidra til å identifisere din enhet»

    @klausul:overforinger.a @tolkning
    Scenario: Å utlevere IP-logger Flex allerede har lagret, leser ikke noe fra enheten og krever ikke samtykke
      Gitt en besøkende på www.flex.as
      Og loven krever utleveringen
      Når Flex vil utlevere IP-logger fra nettsiden på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Politiet» i Norge
      Så skal behandlingen tillates med henvisning til «Når det er tillatt eller krevd av loven»

    @klausul:tjenesteutvikling.1 @klausul:sikkerhet.1 @tolkning
    Scenario: En sikkerhetskapsel for innlogging er strengt nødvendig og krever ikke samtykke
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Og nettleseren godtar informasjonskapsler
      Når Flex vil sette en sikkerhetskapsel som verner innloggingen på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Vi behandler også personopplysninger for å sørge for sikkerheten til tjenesten»

    @klausul:samtykke.1 @tolkning
    Scenario: Et barn under 13 år kan ikke selv samtykke til informasjonskapsler
      Gitt et barn under 13 år som har samtykket til informasjonskapsler for en bedre brukeropplevelse
      Og nettleseren godtar informasjonskapsler
      Og samtykket er ikke godkjent av den som har foreldreansvaret
      Når Flex vil sette informasjonskapsler som husker den besøkendes valg på grunnlag av samtykke
      Så skal behandlingen avvises med henvisning til «Hvis du har gitt ditt samtykke»

    @klausul:informasjonskapsler.1 @klausul:informasjonskapsler.3 @tolkning
    Scenario: Med samtykke fra den som har foreldreansvaret tillates informasjonskapselen
      Gitt et barn under 13 år som har samtykket til informasjonskapsler for en bedre brukeropplevelse
      Og nettleseren godtar informasjonskapsler
      Og samtykket er godkjent av den som har foreldreansvaret
      Når Flex vil sette informasjonskapsler som husker den besøkendes valg på grunnlag av samtykke
      Så skal behandlingen tillates med henvisning til «Vi bruker informasjonskapsler og andre lignende teknologier»
