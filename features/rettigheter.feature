# language: no
Egenskap: Dine rettigheter
  Erklæringen sier: «Du har rett til å få tilgang til personopplysningene vi prosesserer om deg. Du
  kan få tilgang, rette opp, oppdatere, endre eller spørre om å få fjernet dine personopplysninger
  når som helst. [...] Følgelig vil ikke slike personopplysninger kunne bli fjernet. Du har rett
  til å motsette deg visse databehandlinger. I den utstrekning som kreves av gjeldende
  databeskyttelseslov, har du rett til å begrense databehandling. Du har rett til dataportabilitet
  [...] Hvis vår behandling av dine personopplysninger er basert på samtykke, har du rett til å
  trekke tilbake samtykket til enhver tid. [...] I Norge er det Datatilsynet.»

  Erklæringen sier ikke hvor raskt Flex skal svare. Reglene bruker fristen i
  personvernforordningen art. 12 nr. 3: én måned, som kan forlenges med to måneder. Fristen regnes
  etter forordning 1182/71 art. 3: til samme dato i måneden etter (siste dag i måneden der datoen
  ikke finnes), og en frist som ender på en lørdag, søndag eller norsk helligdag, flyttes til neste
  virkedag. Derfor er scenarioene med svarfrist merket som tolkning. Slik leses scenarioene: se
  features/LESMEG.md.

  Regel: Kunden har rett til innsyn i opplysningene Flex behandler

    @klausul:rettigheter.1 @klausul:rettigheter.2 @tolkning
    Scenario: Innsyn skal gis innen én måned
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om innsyn
      Når Flex behandler henvendelsen
      Så skal Flex svare senest 28.12.2026
      Og fristen kan forlenges til senest 25.02.2027
      Og Flex må gjøre dette: «Gi den registrerte en kopi av alle personopplysninger Flex behandler om vedkommende»
      Og svaret viser til «Du har rett til å få tilgang til personopplysningene vi prosesserer om deg»

    @klausul:rettigheter.1 @tolkning
    Scenariomal: Fristen på én måned regnes fra dagen henvendelsen kom inn
      Gitt at Flex <mottatt> mottar en henvendelse fra en kunde om innsyn
      Når Flex behandler henvendelsen
      Så skal Flex svare senest <frist>

      Eksempler:
        | mottatt    | frist      |
        | 15.01.2027 | 15.02.2027 |
        | 31.01.2027 | 01.03.2027 |
        | 31.01.2028 | 29.02.2028 |
        | 31.03.2027 | 30.04.2027 |
        | 15.12.2026 | 15.01.2027 |

    @klausul:rettigheter.1 @tolkning
    Scenariomal: En frist som ender på en helg eller helligdag, flyttes til neste virkedag
      Gitt at Flex <mottatt> mottar en henvendelse fra en kunde om innsyn
      Når Flex behandler henvendelsen
      Så skal Flex svare senest <frist>
      Og fristen kan forlenges til senest <forlenget>

      Eksempler: samme dato i neste måned, eller månedens siste dag; så neste virkedag
        | mottatt    | frist      | forlenget  |
        | 30.04.2026 | 01.06.2026 | 30.07.2026 |
        | 28.02.2026 | 30.03.2026 | 28.05.2026 |
        | 30.06.2026 | 30.07.2026 | 30.09.2026 |
        | 31.01.2026 | 02.03.2026 | 30.04.2026 |
        | 05.03.2026 | 07.04.2026 | 05.06.2026 |
        | 17.04.2027 | 18.05.2027 | 19.07.2027 |
        | 25.02.2026 | 25.03.2026 | 26.05.2026 |

    @klausul:rettigheter.1 @tolkning
    Scenario: Den registrerte skal innen den første fristen få vite om en forlengelse og hvorfor
      Gitt at Flex 30.04.2026 mottar en henvendelse fra en kunde om innsyn
      Når Flex behandler henvendelsen
      Så skal Flex svare senest 01.06.2026
      Og Flex må gjøre dette: «Forlenges fristen, skal Flex innen den første fristen fortelle den registrerte om forlengelsen og hvorfor»

  Regel: Kunden kan få opplysningene rettet, oppdatert og endret

    @klausul:rettigheter.2 @tolkning
    Scenario: Kundeopplysninger rettes slik kunden ber om
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om retting
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | kundeforholdet |
        | kundeopplysninger | aktivt         |
      Når Flex behandler henvendelsen
      Så skal Flex svare senest 28.12.2026
      Og opplysningene skal behandles slik:
        | opplysninger      | svar   |
        | kundeopplysninger | rettes |
      Og svaret viser til «rette opp, oppdatere, endre»

  Regel: Kunden kan be om sletting, men det loven krever, kan ikke fjernes

    @klausul:rettigheter.2 @klausul:rettigheter.3 @klausul:rettigheter.4 @klausul:oppbevaring.4 @klausul:rettigheter.10 @tolkning
    Scenario: En tidligere kunde ber om å få slettet alt
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om sletting
      Og forespørselen gjelder disse opplysningene:
        | opplysninger                                                      | kundeforholdet | avsluttet  | regnskapsåret sluttet | reservert |
        | kundeopplysninger                                                 | avsluttet      | 30.06.2025 |                       |           |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 |                |            | 31.12.2024            |           |
        | opplysninger som trengs for å svare på krav                       | avsluttet      | 30.06.2025 |                       |           |
        | en oppføring i reservasjonslisten                                 |                |            |                       | ja        |
      Når Flex behandler henvendelsen
      Så skal Flex svare senest 28.12.2026
      Og opplysningene skal behandles slik:
        | opplysninger                                                      | svar                           |
        | kundeopplysninger                                                 | slettes                        |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 | beholdes til og med 31.12.2029 |
        | opplysninger som trengs for å svare på krav                       | beholdes til og med 30.06.2028 |
        | en oppføring i reservasjonslisten                                 | beholdes                       |
      Og Flex må gjøre dette: «forklare hvorfor og opplyse om retten til å klage til Datatilsynet»
      Og svaret viser til «Følgelig vil ikke slike personopplysninger kunne bli fjernet»

    @klausul:rettigheter.3 @klausul:rettigheter.4 @tolkning
    Scenario: Mens kundeforholdet varer, kan opplysningene tjenesten trenger, ikke fjernes
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om sletting
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | kundeforholdet | grunnlag           |
        | kundeopplysninger | aktivt         | avtalen med kunden |
      Når Flex behandler henvendelsen
      Så opplysningene skal behandles slik:
        | opplysninger      | svar     |
        | kundeopplysninger | beholdes |
      Og svaret viser til «noe av denne informasjonen er streng nødvendig for å oppfylle formålene»

    @klausul:rettigheter.2 @klausul:rettigheter.3 @klausul:rettigheter.8 @klausul:rettigheter.5 @klausul:rettigheter.10 @tolkning
    Scenario: En aktiv kunde får slettet det som bygger på samtykke og det kunden har protestert mot
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om sletting
      Og kunden har protestert mot behandling til markedsundersøkelser og kundeundersøkelser
      Og forespørselen gjelder disse opplysningene:
        | opplysninger                                                      | kundeforholdet | grunnlag                 | formål                                     | regnskapsåret sluttet |
        | kundeopplysninger                                                 | aktivt         | samtykke                 | direktemarkedsføring                       |                       |
        | kundeopplysninger                                                 | aktivt         | berettiget interesse     | markedsundersøkelser og kundeundersøkelser |                       |
        | kundeopplysninger                                                 | aktivt         | avtalen med kunden       | regnskap og lønn                           |                       |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 |                | en rettslig forpliktelse |                                            | 31.12.2025            |
      Når Flex behandler henvendelsen
      Så opplysningene skal behandles slik:
        | opplysninger                                                      | svar                           |
        | kundeopplysninger                                                 | slettes                        |
        | kundeopplysninger                                                 | slettes                        |
        | kundeopplysninger                                                 | beholdes                       |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 | beholdes til og med 31.12.2030 |
      Og svaret for post 1 sier «Bygger på samtykke og slettes innen fristen (art. 17 nr. 1 bokstav b)»
      Og svaret for post 4 sier «oppbevaring er påkrevd av loven (art. 17 nr. 3 bokstav b)»
      Og Flex må gjøre dette: «forklare hvorfor og opplyse om retten til å klage til Datatilsynet»
      Og svaret viser til «har du rett til å sende en klage til din nasjonale datamyndighet i EU/EØS»

    @klausul:rettigheter.3 @klausul:rettigheter.4 @tolkning
    Scenario: Er det ikke kjent om kundeforholdet er avsluttet, er svaret betinget, ikke «streng nødvendig»
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om sletting
      Og forespørselen gjelder disse opplysningene:
        | opplysninger                                                      | grunnlag           |
        | kundeopplysninger                                                 | avtalen med kunden |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 |                    |
      Når Flex behandler henvendelsen
      Så opplysningene skal behandles slik:
        | opplysninger                                                      | svar     |
        | kundeopplysninger                                                 | uavklart |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 | uavklart |
      Og svaret for post 1 sier «Slettes hvis kundeforholdet er avsluttet»
      Og svaret for post 2 sier «oppgi datoen for å få en frist»
      Og Flex skal ikke gjøre dette: «forklare hvorfor og opplyse om retten til å klage»

    @klausul:rettigheter.2 @klausul:rettigheter.3 @tolkning
    Scenario: Uten det rettslige grunnlaget kan ikke Flex si om opplysningene slettes
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om sletting
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | kundeforholdet |
        | kundeopplysninger | aktivt         |
      Når Flex behandler henvendelsen
      Så opplysningene skal behandles slik:
        | opplysninger      | svar     |
        | kundeopplysninger | uavklart |
      Og svaret for post 1 sier «Kan ikke avgjøres før dette er kjent: det rettslige grunnlaget»

  Regel: Kunden kan motsette seg behandling, og direktemarkedsføring stanses alltid

    @klausul:rettigheter.5 @klausul:markedsforing.3 @tolkning
    Scenario: En protest stanser direktemarkedsføring og behandling på berettiget interesse
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om protest
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | formål                                     | grunnlag                |
        | kundeopplysninger | direktemarkedsføring                       | berettiget interesse    |
        | kundeopplysninger | markedsundersøkelser og kundeundersøkelser | berettiget interesse    |
        | kundeopplysninger | regnskap og lønn                           | avtalen med kunden      |
      Når Flex behandler henvendelsen
      Så skal Flex svare senest 28.12.2026
      Og Flex må gjøre dette: «Stans direktemarkedsføring straks, og før den registrerte opp på reservasjonslisten»
      Og opplysningene skal behandles slik:
        | opplysninger      | svar       |
        | kundeopplysninger | stanses    |
        | kundeopplysninger | stanses    |
        | kundeopplysninger | fortsetter |
      Og svaret viser til «Du kan motsi deg direktemarkedsføring når som helst»

    @klausul:oppbevaring.4 @klausul:markedsforing.3 @tolkning
    Scenario: Reservasjonen beholdes for å respektere protesten, og det er ikke et avslag
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om protest
      Og forespørselen gjelder disse opplysningene:
        | opplysninger                      | formål               | grunnlag             | reservert |
        | en oppføring i reservasjonslisten |                      |                      | ja        |
        | kundeopplysninger                 | direktemarkedsføring | berettiget interesse |           |
      Når Flex behandler henvendelsen
      Så skal Flex svare senest 28.12.2026
      Og opplysningene skal behandles slik:
        | opplysninger                      | svar       |
        | en oppføring i reservasjonslisten | fortsetter |
        | kundeopplysninger                 | stanses    |
      Og svaret for post 1 sier «Beholdes for å respektere reservasjonen mot direktemarkedsføring»
      Og Flex skal ikke gjøre dette: «opplyse om retten til å klage til Datatilsynet»

    @klausul:rettigheter.5 @tolkning
    Scenario: En kunde som har protestert mot markedsundersøkelser, brukes ikke i dem
      Gitt en kunde med et aktivt kundeforhold som har protestert mot behandling til markedsundersøkelser og kundeundersøkelser
      Når Flex vil analysere hvordan kundene bruker tjenesten i en markedsundersøkelse på grunnlag av berettiget interesse
      Så skal behandlingen avvises med henvisning til «Du har rett til å motsette deg visse databehandlinger»

    @klausul:tjenesteutvikling.2 @tolkning
    Scenario: En protest mot markedsundersøkelser stopper ikke annen behandling
      Gitt en kunde med et aktivt kundeforhold som har protestert mot behandling til markedsundersøkelser og kundeundersøkelser
      Når Flex vil analysere bruken av tjenesten for å forbedre den på grunnlag av berettiget interesse
      Så skal behandlingen tillates med henvisning til «Dette for å forbedre kvaliteten til tjenesten»

  Regel: Kunden kan kreve behandlingen begrenset i den utstrekning loven krever

    @klausul:rettigheter.6 @tolkning
    Scenario: Når kunden bestrider at opplysningene er riktige, begrenses behandlingen
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om begrensning
      Og kunden bestrider at opplysningene er riktige
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | kundeforholdet |
        | kundeopplysninger | aktivt         |
      Når Flex behandler henvendelsen
      Så opplysningene skal behandles slik:
        | opplysninger      | svar      |
        | kundeopplysninger | begrenses |
      Og svaret viser til «har du rett til å begrense databehandling»

    @klausul:rettigheter.6 @tolkning
    Scenario: Uten et vilkår fra loven begrenses ikke behandlingen
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om begrensning
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | kundeforholdet |
        | kundeopplysninger | aktivt         |
      Når Flex behandler henvendelsen
      Så opplysningene skal behandles slik:
        | opplysninger      | svar       |
        | kundeopplysninger | fortsetter |

  Regel: Kunden kan få utlevert opplysningene sine i et maskinlesbart format

    @klausul:rettigheter.7 @tolkning
    Scenario: Dataportabilitet omfatter det kunden selv har gitt, på grunnlag av avtale eller samtykke
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om dataportabilitet
      Og forespørselen gjelder disse opplysningene:
        | opplysninger                                                      | grunnlag                | gitt av kunden | automatisert |
        | kundeopplysninger                                                 | avtalen med kunden      | ja             | ja           |
        | kundeopplysninger                                                 | samtykke                | ja             | ja           |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 | en rettslig forpliktelse | nei            |              |
        | kundeopplysninger                                                 | avtalen med kunden      | nei            |              |
      Når Flex behandler henvendelsen
      Så skal Flex svare senest 28.12.2026
      Og Flex må gjøre dette: «i et strukturert, alminnelig brukt og maskinlesbart format»
      Og opplysningene skal behandles slik:
        | opplysninger                                                      | svar      |
        | kundeopplysninger                                                 | utleveres |
        | kundeopplysninger                                                 | utleveres |
        | regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4 | utelates  |
        | kundeopplysninger                                                 | utelates  |
      Og svaret viser til «Du har rett til dataportabilitet»

    @klausul:rettigheter.7 @klausul:rettigheter.10 @tolkning
    Scenario: Det Flex har fått fra Skatteetaten, og det som ikke behandles automatisert, utleveres ikke
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om dataportabilitet
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | grunnlag           | mottatt fra  | gitt av kunden | automatisert |
        | kundeopplysninger | avtalen med kunden | Skatteetaten |                |              |
        | kundeopplysninger | avtalen med kunden |              | ja             | nei          |
        | kundeopplysninger | avtalen med kunden |              |                |              |
      Når Flex behandler henvendelsen
      Så opplysningene skal behandles slik:
        | opplysninger      | svar     |
        | kundeopplysninger | utelates |
        | kundeopplysninger | utelates |
        | kundeopplysninger | uavklart |
      Og svaret for post 1 sier «ikke gitt av den registrerte selv (f.eks. mottatt fra Skatteetaten)»
      Og svaret for post 3 sier «om den registrerte selv har gitt opplysningene»
      Og Flex må gjøre dette: «forklare hvorfor og opplyse om retten til å klage til Datatilsynet»

  Regel: Kunden kan trekke tilbake et samtykke til enhver tid

    @klausul:rettigheter.8 @klausul:rettigheter.9 @tolkning
    Scenario: Det som bygger på samtykket, stanses; det som har et annet grunnlag, fortsetter
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om tilbaketrekking av samtykke
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | formål                | grunnlag           |
        | kundeopplysninger | kundearrangementer    | samtykke           |
        | kundeopplysninger | regnskap og lønn      | avtalen med kunden |
      Når Flex behandler henvendelsen
      Så opplysningene skal behandles slik:
        | opplysninger      | svar       |
        | kundeopplysninger | stanses    |
        | kundeopplysninger | fortsetter |
      Og svaret viser til «med mindre det er et annet juridisk grunnlag for behandlingen»

  Regel: Kunden kan klage til Datatilsynet

    @klausul:rettigheter.10 @klausul:rettigheter.11
    Scenario: Kunden får vite om retten til å klage til Datatilsynet
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om klage til Datatilsynet
      Når Flex behandler henvendelsen
      Så gjelder ingen svarfrist for Flex
      Og Flex må gjøre dette: «Opplys om retten til å klage til Datatilsynet (www.datatilsynet.no)»
      Og svaret viser til «I Norge er det Datatilsynet»
      Og svaret viser til «har du rett til å sende en klage til din nasjonale datamyndighet i EU/EØS»

  Regel: Behandler Flex opplysningene for kunden, sendes henvendelsen videre til kunden

    @klausul:innhenting.3 @tolkning
    Scenario: En av kundens ansatte ber om sletting av lønnsopplysninger Flex behandler for kunden
      Gitt at Flex 25.11.2026 mottar en henvendelse fra en kunde om sletting
      Og Flex behandler opplysningene som databehandler for kunden
      Og forespørselen gjelder disse opplysningene:
        | opplysninger      | grunnlag           |
        | kundeopplysninger | avtalen med kunden |
      Når Flex behandler henvendelsen
      Så gjelder ingen svarfrist for Flex
      Og Flex må gjøre dette: «Videresend henvendelsen uten ugrunnet opphold til kunden, som er behandlingsansvarlig»
      Og opplysningene skal behandles slik:
        | opplysninger      | svar          |
        | kundeopplysninger | videresendes  |
      Og svaret viser til «utbetale lønn til deg og dine medarbeidere»
