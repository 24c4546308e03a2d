# language: no
Egenskap: Innhenting av personopplysninger
  Erklæringen sier: «Vi kan samle personopplysninger på ulike måter. Når du er kunde hos oss lagrer
  vi navn, fødselsdato, kjønn, adresse, telefonnummer etc.. Dette er noen av opplysninger som er
  nødvendige for at vi skal kunne levere våre tjenester som å utarbeide regnskap og utbetale lønn
  til deg og dine medarbeidere. Vi lagrer også epost og andre opplysninger som vedrører ditt
  kundeforhold som fakturainformasjon, betalingsinformasjon osv.»

  Slik leses scenarioene: se features/LESMEG.md.

  Regel: Flex lagrer opplysningene som trengs for å levere regnskap og lønn

    @klausul:innhenting.1 @klausul:innhenting.2 @klausul:innhenting.3 @tolkning
    Scenario: Flex registrerer en ny kunde med opplysningene erklæringen nevner
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil registrere kunden med navn, fødselsdato, kjønn, adresse og telefonnummer på grunnlag av avtalen med kunden
      Så skal behandlingen tillates med henvisning til «Når du er kunde hos oss lagrer vi navn, fødselsdato, kjønn, adresse, telefonnummer etc.»
      Og begrunnelsen viser til «Vi kan samle personopplysninger på ulike måter»
      Og Flex får plikten «Gi tilgang bare til autoriserte ansatte og tjenesteleverandører som trenger informasjonen i sitt arbeid»

    @klausul:innhenting.2 @klausul:innhenting.3 @tolkning
    Scenario: Flex utbetaler lønn til kundens ansatte
      Lønnsutbetaling krever fødselsnummer, kontonummer og lønns- og skatteopplysninger. Erklæringen
      nevner dem ikke, men listen slutter med «etc.»; at de er dekket, er en tolkning.

      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Når Flex vil utbetale lønn på grunnlag av avtalen med kunden
      Så skal behandlingen tillates med henvisning til «utarbeide regnskap og utbetale lønn til deg og dine medarbeidere»

    @klausul:innhenting.2 @klausul:innhenting.3 @tolkning
    Scenario: Flex utarbeider regnskap for kunden
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil utarbeide regnskap for kunden på grunnlag av avtalen med kunden
      Så skal behandlingen tillates med henvisning til «nødvendige for at vi skal kunne levere våre tjenester som å utarbeide regnskap»

    @klausul:innhenting.2 @klausul:innhenting.3 @tolkning
    Scenario: Uten kjent kundeforhold tillates lønnskjøringen bare på vilkår
      Gitt en ansatt hos en kunde
      Når Flex vil utbetale lønn på grunnlag av avtalen med kunden
      Så skal behandlingen tillates på vilkår om at kundeforholdet ikke er avsluttet
      Og det er ingen andre vilkår

  Regel: Flex lagrer e-post og opplysninger om kundeforholdet, som faktura- og betalingsinformasjon

    @klausul:innhenting.4 @tolkning
    Scenariomal: Fakturering og betaling tillates med opplysningene om kundeforholdet
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil <handling> på grunnlag av avtalen med kunden
      Så skal behandlingen tillates med henvisning til «Vi lagrer også epost og andre opplysninger som vedrører ditt kundeforhold»

      Eksempler:
        | handling                    |
        | sende faktura til kunden    |
        | registrere kundens betaling |

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Fakturaer skal ikke inneholde kundens fødselsnummer
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil sende faktura med kundens fødselsnummer på grunnlag av avtalen med kunden
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Kundens ansatte faktureres ikke
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Når Flex vil sende faktura til kunden på grunnlag av avtalen med kunden
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

  Regel: Det erklæringen ikke beskriver, samles ikke inn

    @klausul:innhenting.2 @klausul:behandlingsansvarlig.2 @tolkning
    Scenariomal: Særlige kategorier personopplysninger og straffedommer avvises
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og Flex er selv behandlingsansvarlig for opplysningene
      Når Flex vil utbetale lønn på grunnlag av avtalen med kunden
      Og opplysningene omfatter også <opplysning>
      Så skal behandlingen avvises med henvisning til «Når du er kunde hos oss lagrer vi navn, fødselsdato, kjønn, adresse, telefonnummer etc.»

      Eksempler:
        | opplysning                        |
        | helseopplysninger                 |
        | fagforeningsmedlemskap            |
        | religion eller livssyn            |
        | biometriske opplysninger          |
        | straffedommer og lovovertredelser |

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenariomal: Lønn og regnskap bygger på avtalen med kunden, ikke på andre grunnlag
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og kunden har samtykket til regnskap og lønn
      Når Flex vil utbetale lønn på grunnlag av <grunnlag>
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

      Eksempler:
        | grunnlag             |
        | samtykke             |
        | berettiget interesse |

  Regel: Som kundens databehandler gjelder arbeidsgiverens grunnlag, også art. 9 nr. 2 bokstav b (tolkning)
    For lønn til kundens ansatte behandler Flex trolig opplysningene på vegne av kunden, som da er
    behandlingsansvarlig (personvernforordningen art. 28). Erklæringen avgjør ikke rollen; alle
    scenarioene i denne regelen er tolkning, til vurdering hos juridisk. Rollen oppgis som et
    faktum; er den ikke oppgitt, er svaret betinget av den.

    @klausul:innhenting.3 @tolkning
    Scenariomal: Fagforeningskontingent og sykepenger i lønnen når Flex er kundens databehandler
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og Flex behandler opplysningene som databehandler for kunden
      Og kunden har gitt Flex dokumenterte instrukser om behandlingen
      Når Flex vil utbetale lønn på grunnlag av avtalen med kunden
      Og opplysningene omfatter også <opplysning>
      Så skal behandlingen tillates med henvisning til «utbetale lønn til deg og dine medarbeidere»
      Og Flex får plikten «Behandle opplysningene bare etter kundens dokumenterte instrukser»
      Og Flex får plikten «Når tjenesten opphører, skal Flex etter kundens valg tilbakelevere eller slette opplysningene»

      Eksempler:
        | opplysning             |
        | fagforeningsmedlemskap |
        | helseopplysninger      |

    @klausul:innhenting.3 @tolkning
    Scenario: Er rollen ikke oppgitt, tillates fagforeningskontingent bare på vilkår om at Flex er databehandler
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Når Flex vil utbetale lønn på grunnlag av avtalen med kunden
      Og opplysningene omfatter også fagforeningsmedlemskap
      Så skal behandlingen tillates på vilkår om at Flex behandler opplysningene som databehandler på vegne av kunden, som er behandlingsansvarlig og Flex behandler opplysningene etter kundens dokumenterte instrukser (databehandleravtalen)

    @klausul:innhenting.2 @klausul:behandlingsansvarlig.2 @tolkning
    Scenario: Uten dokumenterte instrukser behandler Flex ikke helseopplysninger, heller ikke som databehandler
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og Flex behandler opplysningene som databehandler for kunden
      Og kunden har ikke gitt Flex dokumenterte instrukser om behandlingen
      Når Flex vil utbetale lønn på grunnlag av avtalen med kunden
      Og opplysningene omfatter også helseopplysninger
      Så skal behandlingen avvises med henvisning til «Når du er kunde hos oss lagrer vi navn, fødselsdato, kjønn, adresse, telefonnummer etc.»

    @klausul:innhenting.2 @klausul:behandlingsansvarlig.2 @tolkning
    Scenario: Andre særlige kategorier avvises også når Flex er databehandler
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og Flex behandler opplysningene som databehandler for kunden
      Og kunden har gitt Flex dokumenterte instrukser om behandlingen
      Når Flex vil utbetale lønn på grunnlag av avtalen med kunden
      Og opplysningene omfatter også religion eller livssyn
      Så skal behandlingen avvises med henvisning til «Vi er ansvarlig får å sikre at dine personopplysninger blir prosessert i henhold til denne erklæringen»
