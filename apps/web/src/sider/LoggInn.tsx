import { Alert, Button, Card, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, feiltekst, type Skjema } from '../api/klient';
import { settOekt } from '../oekt';

type Personer = Skjema<'LokalePersonerDto'>;

/** Signs in with a token and keeps who the person is and whom they may act for. */
async function loggInnMed(token: string): Promise<string | undefined> {
  const { data, error } = await api.GET('/meg', { headers: { authorization: `Bearer ${token}` } });
  if (!data) return feiltekst(error);
  const medlemskap = data.medlemskap.map((m) => ({ organId: m.organId, organnavn: m.organnavn, rolle: m.rolle, rollenavn: m.rollenavn }));
  settOekt({ token, personId: data.personId, navn: data.navn, systemroller: data.systemroller, medlemskap, ...(medlemskap[0] ? { handlerFor: medlemskap[0] } : {}) });
  return undefined;
}

/** The local sign-in of the embedded store: choose one of the demo people (only when no identity provider is configured). */
export function LoggInn() {
  const [personer, settPersoner] = useState<Personer>();
  const [feil, settFeil] = useState<string>();
  const naviger = useNavigate();
  useEffect(() => {
    void api.GET('/innlogging/lokal').then(({ data, error }) => (data ? settPersoner(data) : settFeil(feiltekst(error))));
  }, []);

  const velg = async (personId: string, systemroller: ('revisor' | 'drift')[] = []) => {
    const { data, error } = await api.POST('/innlogging/lokal', { body: { personId, systemroller } });
    if (!data) return settFeil(feiltekst(error));
    const f = await loggInnMed(data.token);
    if (f) return settFeil(f);
    void naviger(systemroller.includes('revisor') ? '/app/revisjon' : '/app/arbeidsliste');
  };

  return (
    <div className="stabel">
      <Heading level={1} data-size="lg">
        Logg inn
      </Heading>
      {feil && <Alert data-color="danger">{feil}</Alert>}
      {!personer && !feil && <Spinner aria-label="Henter personene" />}
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
