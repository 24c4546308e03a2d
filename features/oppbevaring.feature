# language: no
Egenskap: Oppbevaring av personopplysninger
  Erklæringen sier: «Dine personopplysninger vil bli beholdt bare så lenge som nødvendig for å
  oppfylle formålene som er definert i denne erklæringen. De fleste av dine personlige data vil bli
  beholdt i løpet av ditt kundeforhold med Flex AS. Enkelte personopplysninger kan beholdes etter
  at kundeforholdet til oss er avsluttet, om det er påkrevd eller tillatt av gjeldende lover. [...]
  Når dine personopplysninger ikke lenger er påkrevd etter lover, rettigheter eller forpliktelser
  fra en av partene, vil vi slette dine personlige data.»

  Fristene er hentet fra loven (bokføringsloven § 13 og foreldelsesloven § 2) og står i reglene
  sammen med kilden. Slik leses scenarioene: se features/LESMEG.md.

  Regel: Mens kundeforholdet varer, beholdes kundeopplysningene; når det er avsluttet, slettes de

    @klausul:oppbevaring.1 @klausul:oppbevaring.2 @tolkning
    Scenario: Kundeopplysninger beholdes mens kundeforholdet varer
      Gitt at Flex har lagret kundeopplysninger
      Og kundeforholdet er aktivt
      Når Flex vurderer oppbevaringen 25.11.2026
      Så kan opplysningene beholdes
      Og vilkåret er «så lenge kundeforholdet varer»
      Og svaret viser til «De fleste av dine personlige data vil bli beholdt i løpet av ditt kundeforhold med Flex AS»

    @klausul:oppbevaring.5 @tolkning
    Scenario: Kundeopplysninger slettes når kundeforholdet er avsluttet
      Gitt at Flex har lagret kundeopplysninger
      Og kundeforholdet ble avsluttet 30.06.2025
      Når Flex vurderer oppbevaringen 25.11.2026
      Så skal opplysningene slettes
      Og de skal være slettet senest 30.06.2025
      Og svaret viser til «vil vi slette dine personlige data»

    @klausul:oppbevaring.1 @tolkning
    Scenario: Når det ikke er kjent om kundeforholdet er avsluttet, kan opplysningene bare beholdes på vilkår
      Gitt at Flex har lagret kundeopplysninger
      Når Flex vurderer oppbevaringen 25.11.2026
      Så kan opplysningene bare beholdes på vilkår: «beholdes bare så lenge kundeforholdet varer; slettes når det er avsluttet»
      Og svaret viser til «bare så lenge som nødvendig for å oppfylle formålene»

    @klausul:oppbevaring.2 @klausul:oppbevaring.5 @tolkning
    Scenariomal: Etter at kundeforholdet er avsluttet, brukes opplysningene ikke lenger til kundeforholdets formål
      Gitt en tidligere kunde som ikke har protestert mot noen behandling
      Og kunden har ikke reservert seg mot direktemarkedsføring
      Når Flex vil <handling> på grunnlag av <grunnlag>
      Så skal behandlingen avvises med henvisning til «De fleste av dine personlige data vil bli beholdt i løpet av ditt kundeforhold med Flex AS»

      Eksempler:
        | handling                                          | grunnlag             |
        | utarbeide regnskap for kunden                     | avtalen med kunden   |
        | sende nyhetsbrev på e-post                        | berettiget interesse |
        | sende en kundeundersøkelse på e-post              | berettiget interesse |
        | analysere bruken av tjenesten for å forbedre den  | berettiget interesse |

    @klausul:innhenting.4 @tolkning
    Scenario: Sluttfakturaen kan sendes etter at kundeforholdet er avsluttet
      Gitt en tidligere kunde som ikke har protestert mot noen behandling
      Og kunden har ikke reservert seg mot direktemarkedsføring
      Når Flex vil sende faktura til kunden på grunnlag av avtalen med kunden
      Så skal behandlingen tillates

  Regel: Regnskapsmateriale beholdes så lenge bokføringsloven krever

    @klausul:oppbevaring.3 @klausul:lover.1
    Scenariomal: Regnskapsmateriale beholdes til fristen i bokføringsloven er ute
      Gitt at Flex har lagret <materiale>
      Og regnskapsåret sluttet <årsslutt>
      Og kundeforholdet er avsluttet
      Når Flex vurderer oppbevaringen <dato>
      Så <svar>
      Og fristen følger av <kilde>

      Eksempler:
        | materiale                                                         | årsslutt   | dato       | svar                                             | kilde                                                  |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 | 31.12.2019 | 31.12.2024 | kan opplysningene beholdes til og med 31.12.2024 | bokføringsloven § 13 første ledd                       |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 | 31.12.2019 | 01.01.2025 | skal opplysningene slettes, senest 01.01.2025    | bokføringsloven § 13 første ledd                       |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 | 30.06.2020 | 30.06.2025 | kan opplysningene beholdes til og med 30.06.2025 | bokføringsloven § 13 første ledd                       |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 5–8 | 31.12.2019 | 30.06.2023 | kan opplysningene beholdes til og med 30.06.2023 | bokføringsloven § 13 første ledd nr. 5–8 og annet ledd |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 5–8 | 31.12.2019 | 01.07.2023 | skal opplysningene slettes, senest 01.07.2023    | bokføringsloven § 13 første ledd nr. 5–8 og annet ledd |

    @klausul:oppbevaring.3 @klausul:lover.1
    Scenario: Uten regnskapsårets slutt kan ingen frist beregnes
      Gitt at Flex har lagret regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4
      Når Flex vurderer oppbevaringen 25.11.2026
      Så kan opplysningene bare beholdes på vilkår: «kan beholdes i 5 år etter regnskapsårets slutt; oppgi datoen for å få en frist»

  Regel: Det som trengs for å svare på krav, beholdes i foreldelsesfristen

    @klausul:oppbevaring.4 @tolkning
    Scenariomal: Opplysninger for å svare på krav beholdes i tre år etter at kundeforholdet ble avsluttet
      Gitt at Flex har lagret opplysninger som trengs for å svare på krav
      Og kundeforholdet ble avsluttet 30.06.2025
      Når Flex vurderer oppbevaringen <dato>
      Så <svar>
      Og fristen følger av foreldelsesloven § 2

      Eksempler:
        | dato       | svar                                             |
        | 25.11.2026 | kan opplysningene beholdes til og med 30.06.2028 |
        | 30.06.2028 | kan opplysningene beholdes til og med 30.06.2028 |
        | 01.07.2028 | skal opplysningene slettes, senest 01.07.2028    |

    @klausul:oppbevaring.3 @klausul:oppbevaring.4 @tolkning
    Scenario: Kontrakt og fakturaer kan brukes til å svare på krav etter at kundeforholdet er avsluttet
      Gitt en tidligere kunde som ikke har protestert mot noen behandling
      Når Flex vil beholde kontrakten og fakturaene for å kunne svare på krav på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «nødvendige for å svare på forespørsler eller krav i henhold til gjeldende bestemmelser i foreldelsesloven»
      Og Flex får plikten «Slett opplysningene når de ikke lenger er påkrevd etter lov, rettigheter eller forpliktelser»

    @klausul:oppbevaring.3 @klausul:oppbevaring.4 @tolkning
    Scenario: En protest stopper ikke at Flex beholder det som trengs for å svare på krav
      Gitt en tidligere kunde som har protestert mot behandling til å svare på krav
      Når Flex vil beholde kontrakten og fakturaene for å kunne svare på krav på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Enkelte personopplysninger kan beholdes etter at kundeforholdet til oss er avsluttet»

  Regel: Det minimum som trengs for å respektere en reservasjon mot direktemarkedsføring, beholdes

    @klausul:oppbevaring.4 @klausul:markedsforing.3
    Scenario: E-postadressen beholdes på reservasjonslisten etter at kundeforholdet er avsluttet
      Gitt en tidligere kunde som har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil beholde kundens e-post på reservasjonslisten på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «i den grad det er nødvendig for å respektere ditt ønske om å ikke motta direkte markedsføring»
      Og Flex får plikten «Behold bare det minimum som trengs for å respektere reservasjonen»

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Mer enn det som trengs for reservasjonen, beholdes ikke på reservasjonslisten
      Gitt en tidligere kunde som har reservert seg mot direktemarkedsføring
      Og kunden har ikke protestert mot noen behandling
      Når Flex vil beholde kundens fødselsdato og adresse på reservasjonslisten på grunnlag av berettiget interesse
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

    @klausul:oppbevaring.4 @klausul:markedsforing.3
    Scenario: Oppføringen i reservasjonslisten beholdes så lenge reservasjonen gjelder
      Gitt at Flex har lagret en oppføring i reservasjonslisten
      Og kunden har reservert seg mot direktemarkedsføring
      Når Flex vurderer oppbevaringen 25.11.2026
      Så kan opplysningene beholdes

    @klausul:oppbevaring.4
    Scenario: Når reservasjonen ikke lenger gjelder, slettes oppføringen
      Gitt at Flex har lagret en oppføring i reservasjonslisten
      Og kunden har ikke reservert seg mot direktemarkedsføring
      Når Flex vurderer oppbevaringen 25.11.2026
      Så skal opplysningene slettes, senest 25.11.2026

    @klausul:oppbevaring.4
    Scenario: Opplysninger på reservasjonslisten ut over minimum skal slettes straks
      Gitt at Flex har lagret en oppføring i reservasjonslisten
      Og posten inneholder også fødselsdato
      Og kunden har reservert seg mot direktemarkedsføring
      Når Flex vurderer oppbevaringen 25.11.2026
      Så kan opplysningene beholdes
      Og fødselsdato skal slettes straks

  Regel: Sikkerhetslogger og besøksdata beholdes i en frist regnet fra innsamlingen

    @klausul:oppbevaring.1 @klausul:tjenesteutvikling.1 @klausul:sikkerhet.1 @tolkning
    Scenariomal: Sikkerhetslogger beholdes i tolv måneder, også for tidligere kunder
      Gitt at Flex har lagret sikkerhetslogger
      Og kundeforholdet ble avsluttet 28.02.2026
      Og opplysningene ble samlet inn <innsamlet>
      Når Flex vurderer oppbevaringen 30.11.2026
      Så <svar>
      Og svaret viser til «Vi behandler også personopplysninger for å sørge for sikkerheten til tjenesten»

      Eksempler:
        | innsamlet  | svar                                             |
        | 15.01.2026 | kan opplysningene beholdes til og med 15.01.2027 |
        | 31.10.2025 | skal opplysningene slettes, senest 01.11.2026    |

    @klausul:oppbevaring.1 @klausul:informasjonskapsler.1 @tolkning
    Scenario: Besøksdata fra nettsiden beholdes i tretten måneder
      Gitt at Flex har lagret besøksdata fra nettsiden
      Og opplysningene ble samlet inn 31.01.2025
      Når Flex vurderer oppbevaringen 01.03.2026
      Så skal opplysningene slettes, senest 01.03.2026
      Og svaret viser til «bare så lenge som nødvendig for å oppfylle formålene»

    @klausul:oppbevaring.1 @tolkning
    Scenario: Uten innsamlingsdato kan ingen frist beregnes for loggene
      Gitt at Flex har lagret sikkerhetslogger
      Når Flex vurderer oppbevaringen 30.11.2026
      Så kan opplysningene bare beholdes på vilkår: «kan beholdes i 12 måneder etter at opplysningene ble samlet inn; oppgi datoen for å få en frist»

    @klausul:oppbevaring.5 @tolkning
    Scenario: Kundeopplysninger om en som aldri har vært kunde, slettes
      Gitt at Flex har lagret kundeopplysninger
      Og det har aldri vært noe kundeforhold
      Når Flex vurderer oppbevaringen 30.11.2026
      Så skal opplysningene slettes
      Og svaret viser til «vil vi slette dine personlige data»
