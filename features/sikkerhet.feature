# language: no
Egenskap: Sikkerhet
  Erklæringen sier: «Vi opprettholder sikkerhetsforanstaltninger (inkludert fysiske, elektroniske
  og administrative tiltak) som er hensiktsmessige for å beskytte personopplysninger mot tap,
  ødeleggelse, misbruk og uautorisert tilgang eller avsløring. For eksempel begrenser vi tilgangen
  til personligopplysninger til autoriserte ansatte og tjenesteleverandører som trenger å kjenne
  informasjonen i sitt arbeid. [...] Hvis det oppstår et sikkerhetsbrudd, informerer vi deg i
  samsvar med gjeldende lover.»

  Slik leses scenarioene: se features/LESMEG.md.

  Regel: Bare autoriserte ansatte og tjenesteleverandører med tjenstlig behov får tilgang

    @klausul:innhenting.2 @klausul:innhenting.3 @tolkning
    Scenario: En autorisert ansatt som trenger opplysningene i sitt arbeid, får tilgang
      Gitt en kunde med et aktivt kundeforhold
      Og den som får tilgang, er en autorisert ansatt som trenger opplysningene i sitt arbeid
      Når Flex vil gi tilgang til kundens regnskap på grunnlag av avtalen med kunden
      Så skal behandlingen tillates
      Og Flex får plikten «Gi tilgang bare til autoriserte ansatte og tjenesteleverandører som trenger informasjonen i sitt arbeid»

    @klausul:sikkerhet.2
    Scenariomal: Tilgang uten autorisasjon eller tjenstlig behov avvises
      Gitt en kunde med et aktivt kundeforhold
      Og <hvem>
      Når Flex vil gi tilgang til kundens regnskap på grunnlag av avtalen med kunden
      Så skal behandlingen avvises med henvisning til «begrenser vi tilgangen til personligopplysninger til autoriserte ansatte og tjenesteleverandører»

      Eksempler:
        | hvem                                                                               |
        | den som får tilgang, er en autorisert ansatt som ikke trenger opplysningene i sitt arbeid |
        | den som får tilgang, er ikke autorisert                                            |

    @klausul:sikkerhet.2 @klausul:innhenting.2 @tolkning
    Scenario: Når det ikke er kjent hvem som får tilgang, tillates tilgangen bare på vilkår
      Gitt en kunde med et aktivt kundeforhold
      Når Flex vil gi tilgang til kundens regnskap på grunnlag av avtalen med kunden
      Så skal behandlingen tillates på vilkår om at den som får tilgang er en autorisert ansatt eller tjenesteleverandør og den som får tilgang trenger å kjenne informasjonen i sitt arbeid
      Og det er ingen andre vilkår

  Regel: Ved et sikkerhetsbrudd varsler Flex slik personvernforordningen art. 33 og 34 krever

    @klausul:sikkerhet.4 @klausul:sikkerhet.1 @tolkning
    Scenario: Et brudd med høy risiko meldes til Datatilsynet og varsles til de registrerte
      Gitt et sikkerhetsbrudd som Flex ble kjent med 25.11.2026 kl. 08:15
      Og bruddet sannsynligvis medfører høy risiko for de registrertes rettigheter og friheter
      Når Flex vurderer varslingspliktene
      Så gjelder plikten «Meld bruddet til Datatilsynet»
      Og fristen for plikten «Meld bruddet til Datatilsynet» er 28.11.2026 kl. 08:15
      Og plikten «Informer de registrerte uten ugrunnet opphold» gjelder
      Og plikten «Dokumenter bruddet» gjelder
      Og svaret viser til «Hvis det oppstår et sikkerhetsbrudd, informerer vi deg i samsvar med gjeldende lover»

    @klausul:sikkerhet.4 @tolkning
    Scenariomal: Hvem som skal varsles, avhenger av risikoen for de registrerte
      Gitt et sikkerhetsbrudd som Flex ble kjent med 25.11.2026 kl. 08:15
      Og <risiko>
      Når Flex vurderer varslingspliktene
      Så plikten «Dokumenter bruddet» gjelder
      Og plikten «Meld bruddet til Datatilsynet» <datatilsynet>
      Og plikten «Informer de registrerte» <registrerte>

      Eksempler:
        | risiko                                                                                  | datatilsynet                  | registrerte                   |
        | bruddet sannsynligvis ikke medfører risiko for de registrerte                          | gjelder ikke                  | gjelder ikke                  |
        | bruddet sannsynligvis medfører risiko for de registrertes rettigheter og friheter      | gjelder                       | gjelder ikke                  |
        | bruddet sannsynligvis medfører høy risiko for de registrertes rettigheter og friheter  | gjelder                       | gjelder                       |
        | risikoen er ikke vurdert ennå                                                          | avhenger av risikovurderingen | avhenger av risikovurderingen |

    @klausul:sikkerhet.4 @tolkning
    Scenario: Fristen på 72 timer er 72 faktiske timer, også når sommertiden begynner
      Gitt et sikkerhetsbrudd som Flex ble kjent med 27.03.2026 kl. 10:00
      Og bruddet sannsynligvis medfører risiko for de registrertes rettigheter og friheter
      Når Flex vurderer varslingspliktene
      Så gjelder plikten «Meld bruddet til Datatilsynet»
      Og fristen for plikten «Meld bruddet til Datatilsynet» er 30.03.2026 kl. 11:00

    @klausul:sikkerhet.4 @tolkning
    Scenariomal: De registrerte varsles ikke når et unntak i art. 34 nr. 3 gjelder
      Gitt et sikkerhetsbrudd som Flex ble kjent med 25.11.2026 kl. 08:15
      Og bruddet sannsynligvis medfører høy risiko for de registrertes rettigheter og friheter
      Og <unntak>
      Når Flex vurderer varslingspliktene
      Så gjelder plikten «Meld bruddet til Datatilsynet»
      Og plikten «Informer de registrerte uten ugrunnet opphold» gjelder ikke
      Og plikten «Informer offentlig» <offentlig>

      Eksempler:
        | unntak                                                               | offentlig    |
        | opplysningene var kryptert, og nøkkelen er ikke kommet på avveie     | gjelder ikke |
        | Flex har i etterkant truffet tiltak som fjerner den høye risikoen    | gjelder ikke |
        | det ville kreve en uforholdsmessig stor innsats å varsle hver enkelt | gjelder      |

    @klausul:sikkerhet.4 @tolkning
    Scenariomal: En melding til Datatilsynet etter 72 timer skal begrunne forsinkelsen
      Gitt et sikkerhetsbrudd som Flex ble kjent med 25.11.2026 kl. 08:15
      Og bruddet sannsynligvis medfører risiko for de registrertes rettigheter og friheter
      Når Flex melder bruddet til Datatilsynet <meldt> kl. <klokke>
      Og Flex vurderer varslingspliktene
      Så plikten «begrunne forsinkelsen» <begrunnelse>

      Eksempler:
        | meldt      | klokke | begrunnelse  |
        | 28.11.2026 | 08:15  | gjelder ikke |
        | 28.11.2026 | 08:16  | gjelder      |

    @klausul:sikkerhet.4 @tolkning
    Scenario: Før meldingen er sendt, avhenger begrunnelsesplikten av når den sendes
      Gitt et sikkerhetsbrudd som Flex ble kjent med 25.11.2026 kl. 08:15
      Og bruddet sannsynligvis medfører risiko for de registrertes rettigheter og friheter
      Når Flex vurderer varslingspliktene
      Så plikten «begrunne forsinkelsen» avhenger av når meldingen sendes

  Regel: Som kundens databehandler varsler Flex kunden, ikke Datatilsynet

    @klausul:sikkerhet.4 @tolkning
    Scenario: En stjålet bærbar PC med kundens lønnsdata varsles til kunden
      Gitt et sikkerhetsbrudd som Flex ble kjent med 25.11.2026 kl. 08:15
      Og bruddet sannsynligvis medfører høy risiko for de registrertes rettigheter og friheter
      Og Flex behandler opplysningene som databehandler for kunden
      Når Flex vurderer varslingspliktene
      Så gjelder plikten «Varsle kunden (behandlingsansvarlig) uten ugrunnet opphold»
      Og plikten «Meld bruddet til Datatilsynet» gjelder ikke
      Og plikten «Informer de registrerte uten ugrunnet opphold» gjelder ikke
      Og plikten «Dokumenter bruddet» gjelder

    @klausul:sikkerhet.4 @tolkning
    Scenario: Som databehandler varsler Flex kunden om ethvert brudd, uansett risiko
      Gitt et sikkerhetsbrudd som Flex ble kjent med 25.11.2026 kl. 08:15
      Og risikoen er ikke vurdert ennå
      Og Flex behandler opplysningene som databehandler for kunden
      Når Flex vurderer varslingspliktene
      Så gjelder plikten «Varsle kunden (behandlingsansvarlig) uten ugrunnet opphold»
