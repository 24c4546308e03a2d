# language: no
Egenskap: Andre formål du har samtykket til
  Erklæringen sier: «Hvis du har gitt ditt samtykke til at vi kan prosessere dine
  personopplysninger til andre formål, har vi rett til å prosessere personopplysninger i henhold
  til dette.»

  Reglene kjenner bare ett slikt formål («andre formål den registrerte har samtykket til»);
  i scenarioene heter det «kundearrangementer» eller «deling med samarbeidspartnere».
  Slik leses scenarioene: se features/LESMEG.md.

  Regel: Med samtykke kan Flex behandle opplysningene til det kunden har samtykket til

    @klausul:samtykke.1 @tolkning
    Scenario: Flex inviterer en kunde som har samtykket, til et kundearrangement
      Gitt en kunde med et aktivt kundeforhold som har samtykket til kundearrangementer
      Når Flex vil invitere kunden til et kundearrangement på grunnlag av samtykke
      Så skal behandlingen tillates med henvisning til «Hvis du har gitt ditt samtykke til at vi kan prosessere dine personopplysninger til andre formål»
      Og Flex får plikten «Stans behandlingen for formålet straks samtykket trekkes tilbake»

    @klausul:samtykke.1 @tolkning
    Scenario: Samtykket gjelder også etter at kundeforholdet er avsluttet
      Gitt en tidligere kunde som har samtykket til kundearrangementer
      Når Flex vil invitere kunden til et kundearrangement på grunnlag av samtykke
      Så skal behandlingen tillates med henvisning til «har vi rett til å prosessere personopplysninger i henhold til dette»

    @klausul:samtykke.1
    Scenario: Uten samtykke avvises behandlingen
      Gitt en kunde med et aktivt kundeforhold som ikke har gitt noe samtykke
      Når Flex vil invitere kunden til et kundearrangement på grunnlag av samtykke
      Så skal behandlingen avvises med henvisning til «Hvis du har gitt ditt samtykke»

    @klausul:samtykke.1 @klausul:rettigheter.8 @tolkning
    Scenario: Når det ikke er kjent om kunden har samtykket, tillates behandlingen bare på vilkår
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil invitere kunden til et kundearrangement på grunnlag av samtykke
      Så skal behandlingen tillates på vilkår om at «andre formål den registrerte har samtykket til» er blant formålene den registrerte har gitt et gyldig samtykke til
      Og på vilkår om at «andre formål den registrerte har samtykket til» er blant formålene den registrerte har gitt et gyldig samtykke til eller «andre formål den registrerte har samtykket til» ikke er blant formålene den registrerte har trukket samtykket tilbake for
      Og det er ingen andre vilkår

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: «Andre formål» kan ikke bygge på berettiget interesse i stedet for samtykke
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil invitere kunden til et kundearrangement på grunnlag av berettiget interesse
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

    @klausul:innhenting.2 @tolkning
    Scenario: Selv med samtykke behandles ikke helseopplysninger
      Reglene avviser særlige kategorier også når kunden har samtykket. Personvernforordningen
      art. 9 nr. 2 bokstav a åpner for uttrykkelig samtykke; juridisk bør vurdere om erklæringen
      skal gi den muligheten.

      Gitt en kunde med et aktivt kundeforhold som har samtykket til kundearrangementer
      Når Flex vil invitere kunden til et kundearrangement på grunnlag av samtykke
      Og opplysningene omfatter også helseopplysninger
      Så skal behandlingen avvises med henvisning til «Når du er kunde hos oss lagrer vi navn»

  Regel: Et samtykke kan trekkes tilbake når som helst

    @klausul:rettigheter.8 @klausul:rettigheter.9
    Scenario: Etter at samtykket er trukket tilbake, avvises behandlingen
      Gitt en kunde med et aktivt kundeforhold som har samtykket til kundearrangementer
      Og kunden har trukket tilbake samtykket til kundearrangementer
      Når Flex vil invitere kunden til et kundearrangement på grunnlag av samtykke
      Så skal behandlingen avvises med henvisning til «har du rett til å trekke tilbake samtykket til enhver tid»
      Og begrunnelsen viser til «Vi vil ikke lenger behandle dine personligopplysninger til formålene i samtykket»

    @klausul:samtykke.1 @klausul:rettigheter.8 @tolkning
    Scenario: Et svar på vilkår holder når det blir kjent at samtykket er trukket tilbake
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil invitere kunden til et kundearrangement på grunnlag av samtykke
      Så skal behandlingen tillates på vilkår om at «andre formål den registrerte har samtykket til» er blant formålene den registrerte har gitt et gyldig samtykke til
      Når det blir kjent at kunden har trukket tilbake samtykket til kundearrangementer
      Så skal behandlingen avvises med henvisning til «har du rett til å trekke tilbake samtykket til enhver tid»

  Regel: Hvem erklæringen gjelder, og avgjørelser uten menneskelig vurdering

    @klausul:innledning.1 @tolkning
    Scenario: Erklæringen gjelder ikke Flex sine egne ansatte
      Gitt en av Flex sine ansatte
      Når Flex vil registrere lønnen til en av Flex sine ansatte på grunnlag av avtalen med kunden
      Så skal behandlingen avvises med henvisning til «gir deg informasjon om hvordan FLEX AS samler, bruker eller deler dine personlige data»

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2 @tolkning
    Scenario: Automatiserte avgjørelser avvises uansett formål
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil avslå en søknad om kreditt automatisk på grunnlag av avtalen med kunden
      Så skal behandlingen avvises med henvisning til «gir deg informasjon om hvordan FLEX AS samler, bruker eller deler dine personlige data»
