# language: no
Egenskap: Overholdelse av lover
  Erklæringen sier: «Vi kan bli forpliktet til å behandle personopplysninger for å oppfylle våre
  lovbestemte forpliktelser, f.eks. i forhold til regnskap eller for å oppfylle myndigheters (f.eks.
  skattemyndighetenes) forespørsler etter loven.»

  Slik leses scenarioene: se features/LESMEG.md.

  Regel: Flex behandler personopplysninger når en lovbestemt plikt krever det

    @klausul:lover.1
    Scenariomal: Lovpålagt behandling tillates når plikten finnes
      Gitt <hvem>
      Og en lovbestemt plikt krever behandlingen
      Når Flex vil føre regnskapet etter bokføringsloven på grunnlag av en rettslig forpliktelse
      Så skal behandlingen tillates med henvisning til «for å oppfylle våre lovbestemte forpliktelser, f.eks. i forhold til regnskap»

      Eksempler:
        | hvem                                 |
        | en kunde med et aktivt kundeforhold  |
        | en tidligere kunde                   |

    @klausul:lover.1
    Scenario: Når det ikke er kjent om en lovbestemt plikt krever behandlingen, tillates den bare på vilkår
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil føre regnskapet etter bokføringsloven på grunnlag av en rettslig forpliktelse
      Så skal behandlingen tillates på vilkår om at en lovbestemt plikt krever behandlingen
      Og det er ingen andre vilkår

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Uten en lovbestemt plikt er det ikke grunnlag for «lovpålagt» behandling
      Gitt en kunde med et aktivt kundeforhold
      Og ingen lovbestemt plikt krever behandlingen
      Når Flex vil føre regnskapet etter bokføringsloven på grunnlag av en rettslig forpliktelse
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

    @klausul:innledning.1 @klausul:behandlingsansvarlig.2
    Scenario: Lovpålagt behandling kan ikke bygge på berettiget interesse
      Gitt en kunde med et aktivt kundeforhold som ikke har protestert mot noen behandling
      Og en lovbestemt plikt krever behandlingen
      Når Flex vil føre regnskapet etter bokføringsloven på grunnlag av berettiget interesse
      Så skal behandlingen avvises fordi erklæringen ikke beskriver den

  Regel: Myndighetenes forespørsler etter loven besvares

    @klausul:lover.1 @klausul:overforinger.a @tolkning
    Scenario: Flex sender a-meldingen til Skatteetaten
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og en lovbestemt plikt krever behandlingen
      Og loven krever utleveringen
      Når Flex vil sende a-meldingen til Skatteetaten på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Skatteetaten» i Norge
      Så skal behandlingen tillates med henvisning til «for å oppfylle myndigheters (f.eks. skattemyndighetenes) forespørsler etter loven»
      Og begrunnelsen viser til «Når det er tillatt eller krevd av loven»
      Og Flex får plikten «Utlever bare det loven tillater eller krever»

    @klausul:lover.1 @klausul:overforinger.a @tolkning
    Scenario: En lovbestemt plikt til å utlevere er nok; det trengs ikke i tillegg å si at loven tillater det
      Gitt en ansatt hos en kunde med et aktivt kundeforhold
      Og en lovbestemt plikt krever behandlingen
      Når Flex vil sende a-meldingen til Skatteetaten på grunnlag av en rettslig forpliktelse
      Og opplysningene utleveres til myndigheten «Skatteetaten» i Norge
      Så skal behandlingen tillates med henvisning til «Når det er tillatt eller krevd av loven»
      Og det er ingen andre vilkår

  Regel: Regnskapsmateriale oppbevares så lenge bokføringsloven krever

    @klausul:lover.1 @klausul:oppbevaring.3
    Scenario: Bilag fra 2019 oppbevares ut 2024
      Gitt at Flex har lagret regnskapsmateriale etter bokføringsloven § 13 første ledd nr. 1–4
      Og regnskapsåret sluttet 31.12.2019
      Og kundeforholdet ble avsluttet 31.03.2021
      Når Flex vurderer oppbevaringen 25.11.2024
      Så kan opplysningene beholdes til og med 31.12.2024
      Og fristen følger av bokføringsloven § 13 første ledd
      Og svaret viser til «for å oppfylle våre lovbestemte forpliktelser»
