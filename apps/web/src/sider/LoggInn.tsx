import { Alert, Button, Card, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, feiltekst, type Skjema } from '../api/klient';
import { InnloggingFeil, loggInnMed, type OidcOppsett, startOidc } from '../innlogging';

type Personer = Skjema<'LokalePersonerDto'>;

/**
 * Sign-in: with the configured OpenID Connect provider (ID-porten, Entra ID) when there is one; else the
 * local sign-in of the embedded store, choosing one of the demo people.
 */
export function LoggInn() {
  const [oidc, settOidc] = useState<OidcOppsett | null>();
  const [personer, settPersoner] = useState<Personer>();
  const [feil, settFeil] = useState<string>();
  const [sendes, settSendes] = useState(false);
  const naviger = useNavigate();
  useEffect(() => {
    void api.GET('/innlogging/oidc').then(async ({ data, response }) => {
      if (data) return settOidc(data);
      settOidc(null);
      if (response.status !== 404) return settFeil('Fikk ikke vite hvordan innloggingen er satt opp. Prøv igjen.');
      const lokal = await api.GET('/innlogging/lokal');
      if (lokal.data) settPersoner(lokal.data);
      else settFeil(lokal.response.status === 404 ? 'Innlogging er ikke satt opp på denne tjenesten.' : feiltekst(lokal.error));
    });
  }, []);

  if (oidc) {
    return (
      <div className="stabel">
        <Heading level={1} data-size="lg">
          Logg inn
        </Heading>
        {feil && <Alert data-color="danger">{feil}</Alert>}
        <Paragraph>Du logger inn hos {oidc.navn} og kommer tilbake hit etterpå.</Paragraph>
        <div>
          <Button
            aria-disabled={sendes || undefined}
            onClick={() => {
              if (sendes) return;
              settSendes(true);
              settFeil(undefined);
              startOidc(oidc).catch((e: unknown) => {
                settSendes(false);
                settFeil(e instanceof InnloggingFeil ? e.message : 'Innloggingen kunne ikke startes. Prøv igjen.');
              });
            }}
          >
            Logg inn med {oidc.navn}
          </Button>
        </div>
      </div>
    );
  }

  const velg = async (personId: string, systemroller: ('revisor' | 'drift')[] = []) => {
    const { data, error } = await api.POST('/innlogging/lokal', { body: { personId, systemroller } });
    if (!data) return settFeil(feiltekst(error));
    const { feil: f } = await loggInnMed(data.token);
    if (f) return settFeil(f);
    void naviger(systemroller.includes('revisor') ? '/app/revisjon' : '/app/arbeidsliste');
  };

  return (
    <div className="stabel">
      <Heading level={1} data-size="lg">
        Logg inn
      </Heading>
      {feil && <Alert data-color="danger">{feil}</Alert>}
      {!personer && !feil && <Spinner aria-label="Henter innloggingen" />}
      {personer && (
        <>
          <Paragraph>
            Dette er den lokale innloggingen for demo-helsefellesskapet (bare når ingen identitetstilbyder er satt opp). Velg hvem du vil være. Medlemskapene gjelder{' '}
            {new Date(`${personer.dato}T12:00:00Z`).toLocaleDateString('nb-NO')}.
          </Paragraph>
          <ul className="stabel" aria-label="Personer">
            {personer.personer.map((p) => (
              <li key={p.personId}>
                <Card data-color="neutral">
                  <Heading level={2} data-size="xs">
                    {p.navn}
                  </Heading>
                  <Paragraph data-size="sm">{p.medlemskap.map((m) => `${m.rollenavn} i ${m.organnavn}`).join(' · ')}</Paragraph>
                  <div>
                    <Button data-size="sm" onClick={() => void velg(p.personId)}>
                      Logg inn som {p.navn}
                    </Button>
                  </div>
                </Card>
              </li>
            ))}
            <li>
              <Card data-color="neutral">
                <Heading level={2} data-size="xs">
                  Revisor
                </Heading>
                <Paragraph data-size="sm">Leser alt, endrer ingenting: saksforløp, saken slik den var på en dato, kontroll av at historikken er uendret.</Paragraph>
                <div>
                  <Button data-size="sm" onClick={() => void velg('revisor', ['revisor'])}>
                    Logg inn som revisor
                  </Button>
                </div>
              </Card>
            </li>
          </ul>
        </>
      )}
    </div>
  );
}
