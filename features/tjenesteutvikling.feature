# language: no
Egenskap: Tjenesteutvikling, informasjonssikkerhet og intern rapportering
  Erklæringen sier: «Vi behandler også personopplysninger for å sørge for sikkerheten til tjenesten
  og til nettsiden. Dette for å forbedre kvaliteten til tjenesten og til nettsiden, samt utvikle
  nye funksjoner til tjenesten.» Intern rapportering nevnes bare i overskriften.

  Slik leses scenarioene: se features/LESMEG.md.

  Regel: Flex kan behandle personopplysninger for å sikre tjenesten og nettsiden

    @klausul:tjenesteutvikling.1 @klausul:sikkerhet.1 @tolkning
    Scenario: Flex logger IP-adresser fra besøkende for å oppdage angrep
      Gitt en besøkende på www.flex.as som ikke har protestert mot noen behandling
      Når Flex vil logge IP-adresser for å oppdage angrep på nettsiden på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «for å sørge for sikkerheten til tjenesten og til nettsiden»

    @klausul:tjenesteutvikling.1 @klausul:sikkerhet.1 @tolkning
    Scenario: Flex overvåker pålogginger til tjenesten for å oppdage misbruk
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil overvåke pålogginger til tjenesten for å oppdage misbruk på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Vi opprettholder sikkerhetsforanstaltninger»
      Og Flex får plikten «Gi tilgang bare til autoriserte ansatte og tjenesteleverandører»

    @klausul:behandlingsansvarlig.2 @tolkning
    Scenario: Sikkerhetsovervåking med biometriske opplysninger avvises
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil overvåke pålogginger til tjenesten for å oppdage misbruk på grunnlag av berettiget interesse
      Og opplysningene omfatter også biometriske opplysninger
      Så skal behandlingen avvises med henvisning til «prosessert i henhold til denne erklæringen og gjeldende personvernregler»

  Regel: Flex kan forbedre kvaliteten og utvikle nye funksjoner

    @klausul:tjenesteutvikling.2 @tolkning
    Scenario: Flex analyserer bruken av tjenesten for å forbedre den
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil analysere bruken av tjenesten for å forbedre den på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Dette for å forbedre kvaliteten til tjenesten og til nettsiden»

    @klausul:tjenesteutvikling.2 @klausul:rettigheter.5 @tolkning
    Scenario: Når det ikke er kjent om kunden har protestert, tillates analysen bare på vilkår
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil analysere bruken av tjenesten for å forbedre den på grunnlag av berettiget interesse
      Så skal behandlingen tillates på vilkår om at «bedre kvalitet og nye funksjoner i tjenesten og på nettsiden» ikke er blant formålene den registrerte har protestert mot
      Og det er ingen andre vilkår

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Lønnsopplysninger brukes ikke til å utvikle nye funksjoner
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil utvikle nye funksjoner med kundenes lønnsdata på grunnlag av berettiget interesse
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

  Regel: Flex kan bruke opplysninger om kundeforholdet til intern rapportering

    @klausul:tjenesteutvikling.tittel @tolkning
    Scenario: En intern rapport om fakturering tillates
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil lage en intern rapport om fakturering på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Tjenesteutvikling, informasjonssikkerhet og intern rapportering»

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: En intern rapport med lønnsopplysninger om kundens ansatte avvises
      Gitt en ansatt hos en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Når Flex vil lage en intern rapport med lønnsopplysninger på grunnlag av berettiget interesse
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den
