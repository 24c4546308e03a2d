# language: no
Egenskap: Markedsføring
  Erklæringen sier: «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten, eller for
  å promotere og selge andre relaterte tjenester. Vi kan bruke personopplysningene dine til
  markedsundersøkelser og kundeundersøkelser. Du kan motsi deg direktemarkedsføring når som helst.»

  Slik leses scenarioene: se features/LESMEG.md.

  Regel: Flex kan kontakte egne kunder om nye funksjoner og relaterte tjenester

    @klausul:markedsforing.1 @tolkning
    Scenariomal: Henvendelser til en kunde som ikke har reservert seg, tillates
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil <henvendelse> på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten»
      Og Flex får plikten «Sjekk reservasjonslisten rett før hver henvendelse»
      Og Flex får plikten «Hver henvendelse skal opplyse om at mottakeren når som helst kan reservere seg»

      Eksempler:
        | henvendelse                                   |
        | sende nyhetsbrev på e-post                    |
        | sende SMS om en ny funksjon                   |
        | ringe kunden for å selge en relatert tjeneste |
        | sende brev i posten om en relatert tjeneste   |

    @klausul:markedsforing.1 @tolkning
    Scenario: Markedsføring på grunnlag av samtykke tillates når kunden har samtykket
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har samtykket til direktemarkedsføring
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av samtykke
      Så skal behandlingen tillates med henvisning til «eller for å promotere og selge andre relaterte tjenester»

    @klausul:markedsforing.1 @klausul:markedsforing.3 @tolkning
    Scenario: Når ingen vet om kunden har reservert seg, tillates nyhetsbrevet bare på vilkår
      Gitt en kunde med et aktivt kundeforhold
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av berettiget interesse
      Så skal behandlingen tillates på vilkår om at den registrerte ikke har reservert seg mot direktemarkedsføring
      Og det er ingen andre vilkår

  Regel: En reservasjon mot direktemarkedsføring går alltid foran

    @klausul:markedsforing.3
    Scenariomal: Ingen direktemarkedsføring til en kunde som har reservert seg
      Gitt en kunde med et aktivt kundeforhold som har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil <henvendelse> på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Du kan motsi deg direktemarkedsføring når som helst»

      Eksempler:
        | henvendelse                                   |
        | sende nyhetsbrev på e-post                    |
        | sende SMS om en ny funksjon                   |
        | ringe kunden for å selge en relatert tjeneste |
        | sende brev i posten om en relatert tjeneste   |

    @klausul:markedsforing.3
    Scenario: Reservasjonen går også foran et samtykke kunden har gitt tidligere
      Gitt en kunde med et aktivt kundeforhold som har reservert seg mot direktemarkedsføring
      Og kunden har samtykket til direktemarkedsføring
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av samtykke
      Så skal behandlingen avvises med henvisning til «Du kan motsi deg direktemarkedsføring når som helst»

    @klausul:markedsforing.1 @klausul:markedsforing.3 @tolkning
    Scenario: Svaret på vilkår holder når det blir kjent at kunden har reservert seg
      Gitt en kunde med et aktivt kundeforhold
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av berettiget interesse
      Så skal behandlingen tillates på vilkår om at den registrerte ikke har reservert seg mot direktemarkedsføring
      Når det blir kjent at kunden har reservert seg mot direktemarkedsføring
      Så skal behandlingen avvises med henvisning til «Du kan motsi deg direktemarkedsføring når som helst»

    @klausul:markedsforing.1 @klausul:markedsforing.3 @tolkning
    Scenario: Svaret på vilkår holder når det blir kjent at kunden ikke har reservert seg
      Gitt en kunde med et aktivt kundeforhold
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende SMS om en ny funksjon på grunnlag av berettiget interesse
      Så skal behandlingen tillates på vilkår om at den registrerte ikke har reservert seg mot direktemarkedsføring
      Når det blir kjent at kunden ikke har reservert seg mot direktemarkedsføring
      Så skal behandlingen tillates med henvisning til «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten»

  Regel: Markedsføringen gjelder kunden, Flex sine egne tjenester og vanlige kontaktopplysninger

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Kundens ansatte skal ikke motta markedsføring fra Flex
      Gitt en ansatt hos en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av berettiget interesse
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Markedsføring som bruker lønnsopplysninger, er ikke beskrevet i erklæringen
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende nyhetsbrev tilpasset kundens lønnsnivå på grunnlag av berettiget interesse
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Markedsføring kan ikke bygge på avtalen med kunden
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av avtalen med kunden
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenariomal: Formål erklæringen ikke nevner, avvises uansett grunnlag
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har samtykket til direktemarkedsføring
      Når Flex vil <handling> på grunnlag av <grunnlag>
      Så skal behandlingen avvises med henvisning til «gir deg informasjon om hvordan FLEX AS samler, bruker eller deler dine personlige data»

      Eksempler:
        | handling                                              | grunnlag             |
        | markedsføre andre selskapers produkter til kunden     | samtykke             |
        | markedsføre andre selskapers produkter til kunden     | berettiget interesse |
        | selge kundelisten                                     | samtykke             |
        | lage profiler av kundene for automatiserte avgjørelser | berettiget interesse |

  Regel: Flex kan bruke opplysningene til markedsundersøkelser og kundeundersøkelser

    @klausul:markedsforing.2 @tolkning
    Scenario: En kundeundersøkelse på e-post tillates
      Gitt en kunde med et aktivt kundeforhold
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende en kundeundersøkelse på e-post på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Vi kan bruke personopplysningene dine til markedsundersøkelser og kundeundersøkelser»

    @klausul:markedsforing.2 @tolkning
    Scenario: En reservasjon mot direktemarkedsføring stopper ikke en kundeundersøkelse
      Reglene behandler en kundeundersøkelse som noe annet enn direktemarkedsføring. Juridisk bør
      vurdere om en undersøkelse som også promoterer tjenester, likevel er markedsføring.

      Gitt en kunde med et aktivt kundeforhold som har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil sende en kundeundersøkelse på e-post på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Vi kan bruke personopplysningene dine til markedsundersøkelser og kundeundersøkelser»

    @klausul:markedsforing.2 @tolkning
    Scenario: Analyse av bruken av tjenesten i en markedsundersøkelse tillates
      Gitt en kunde med et aktivt kundeforhold
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil analysere hvordan kundene bruker tjenesten i en markedsundersøkelse på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «markedsundersøkelser og kundeundersøkelser»
