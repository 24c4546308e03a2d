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

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2 @tolkning
    Scenariomal: Formål erklæringen ikke nevner, avvises uansett grunnlag
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har samtykket til direktemarkedsføring
      Når Flex vil <handling> på grunnlag av <grunnlag>
      Så skal behandlingen avvises med henvisning til «gir deg informasjon om hvordan FLEX AS samler, bruker eller deler dine personlige data»

      Eksempler:
        | handling                                              | grunnlag             |
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

  Regel: Kanalen avgjør hva markedsføringsloven krever

    @klausul:markedsforing.1 @tolkning
    Scenario: E-post uten samtykke om egne tjenester av samme slag tillates når adressen ble gitt ved kjøpet
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Og henvendelsen gjelder Flex sine egne tjenester av samme slag som kunden har
      Og kunden oppga adressen ved kjøpet og fikk da tilbud om å reservere seg
      Når Flex vil sende e-post om en ny funksjon på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten»
      Og Flex får plikten «Hver henvendelse skal opplyse om at mottakeren når som helst kan reservere seg»

    @klausul:markedsforing.1 @tolkning
    Scenario: SMS uten samtykke om en annen av Flex sine tjenester avvises
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Og henvendelsen gjelder andre av Flex sine egne tjenester
      Og kunden oppga adressen ved kjøpet og fikk da tilbud om å reservere seg
      Når Flex vil sende SMS om en relatert tjeneste på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten»

    @klausul:markedsforing.1 @tolkning
    Scenario: Når det ikke er kjent hvordan e-postadressen ble samlet inn, tillates e-posten bare på vilkår
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Og henvendelsen gjelder Flex sine egne tjenester av samme slag som kunden har
      Når Flex vil sende e-post om en ny funksjon på grunnlag av berettiget interesse
      Så skal behandlingen tillates på vilkår om at den elektroniske adressen ble gitt i forbindelse med et salg, og kunden fikk da en enkel og gebyrfri mulighet til å reservere seg
      Og det er ingen andre vilkår

    @klausul:markedsforing.1 @tolkning
    Scenario: Telefonsalg av en samarbeidspartners produkt på berettiget interesse avvises
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Og kunden har ikke reservert seg i Reservasjonsregisteret
      Og henvendelsen gjelder en samarbeidspartners produkt
      Når Flex vil ringe kunden for å selge en tjeneste på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten»

    @klausul:markedsforing.1 @klausul:markedsforing.3 @tolkning
    Scenario: Flex ringer ikke en kunde som har reservert seg i Reservasjonsregisteret
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Og kunden har reservert seg i Reservasjonsregisteret
      Og henvendelsen gjelder Flex sine egne tjenester av samme slag som kunden har
      Når Flex vil ringe kunden for å selge en tjeneste på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Du kan motsi deg direktemarkedsføring når som helst»

    @klausul:markedsforing.1 @tolkning
    Scenario: Flex ringer en kunde som ikke har reservert seg, om egne tjenester
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Og kunden har ikke reservert seg i Reservasjonsregisteret
      Og henvendelsen gjelder andre av Flex sine egne tjenester
      Når Flex vil ringe kunden for å selge en tjeneste på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «eller for å promotere og selge andre relaterte tjenester»
      Og Flex får plikten «telefon og adressert post ikke til den som har reservert seg i Reservasjonsregisteret»

  Regel: Én reservasjon mot direktemarkedsføring, uansett hvor den er registrert

    @klausul:markedsforing.3
    Scenario: En protest mot direktemarkedsføring stopper også markedsføring på samtykke
      Gitt en kunde med et aktivt kundeforhold som har samtykket til direktemarkedsføring
      Og kunden har protestert mot direktemarkedsføring
      Når Flex vil sende nyhetsbrev på e-post på grunnlag av samtykke
      Så skal behandlingen avvises med henvisning til «Du kan motsi deg direktemarkedsføring når som helst»

  Regel: Markedsføring for andre er samtykke, uansett hva formålet kalles

    @klausul:samtykke.1 @klausul:overforinger.c @tolkning
    Scenario: Med samtykke kan Flex sende en samarbeidspartners tilbud på e-post
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har samtykket til direktemarkedsføring for samarbeidspartnere
      Når Flex vil sende e-post om en samarbeidspartners tilbud på grunnlag av samtykke
      Så skal behandlingen tillates med henvisning til «Med ditt samtykke til parter som samtykket relaterer til»

    @klausul:markedsforing.1 @klausul:samtykke.1
    Scenario: Uten samtykke avvises markedsføring for andre
      Gitt en kunde med et aktivt kundeforhold som ikke har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil markedsføre andre selskapers produkter til kunden på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Hvis du har gitt ditt samtykke»

  Regel: Interessenter som ikke er kunder, får nyhetsbrev bare med samtykke

    @klausul:markedsforing.1 @klausul:samtykke.1 @tolkning
    Scenario: En interessent som har meldt seg på nyhetsbrevet, får det
      Gitt en interessent som ikke er kunde som har samtykket til direktemarkedsføring
      Og den registrerte har ikke reservert seg mot direktemarkedsføring
      Når Flex vil sende nyhetsbrevet til interessenten på e-post på grunnlag av samtykke
      Så skal behandlingen tillates med henvisning til «Hvis du har gitt ditt samtykke»

    @klausul:markedsforing.1 @tolkning
    Scenario: En interessent som aldri har vært kunde, får ikke nyhetsbrev på e-post uten samtykke
      Gitt en interessent som ikke er kunde som ikke har protestert mot noen behandling
      Og den registrerte har ikke reservert seg mot direktemarkedsføring
      Når Flex vil sende nyhetsbrevet til interessenten på e-post på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten»

  Regel: Flex markedsfører ikke til barn

    @klausul:innledning.1 @klausul:markedsforing.1 @tolkning
    Scenario: Et barn under 13 år får ikke nyhetsbrev, heller ikke med samtykke fra foreldrene
      Gitt et barn under 13 år som har samtykket til direktemarkedsføring
      Og samtykket er godkjent av den som har foreldreansvaret
      Og den registrerte har ikke reservert seg mot direktemarkedsføring
      Når Flex vil sende nyhetsbrevet til interessenten på e-post på grunnlag av samtykke
      Så skal behandlingen avvises med henvisning til «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten»

  Regel: E-post uten samtykke forutsetter et kundeforhold

    @klausul:markedsforing.1 @tolkning
    Scenario: En interessent får ikke e-post på berettiget interesse, selv når kundeforholdet ikke er oppgitt
      Gitt en interessent som ikke er kunde som ikke har protestert mot noen behandling
      Og det er ikke kjent om kundeforholdet er avsluttet
      Og den registrerte har ikke reservert seg mot direktemarkedsføring
      Og henvendelsen gjelder Flex sine egne tjenester av samme slag som kunden har
      Når Flex vil sende nyhetsbrevet til interessenten på e-post på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Vi kan kontakte deg for å informere om nye funksjoner ved tjenesten»
