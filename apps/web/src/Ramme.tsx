import { Alert, Button, Field, Label, Paragraph, Select, SkipLink } from '@digdir/designsystemet-react';
import { useEffect } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { holdOektenFornyet, loggInnIgjen, loggUt } from './innlogging';
import { byttHandlerFor, useOekt, useUtloept } from './oekt';

/** The frame of every page: who is signed in and whom they act for (always visible, switchable), and the menu. */
export function Ramme() {
  const oekt = useOekt();
  const naviger = useNavigate();
  const utloept = useUtloept();
  useEffect(() => holdOektenFornyet(), []);
  const revisor = oekt?.systemroller.includes('revisor') ?? false;
  const lenker: [string, string][] = oekt
    ? [
        ...(oekt.handlerFor ? ([['/app/arbeidsliste', 'Arbeidsliste'], ['/app/sendt', 'Det vi har bestilt']] as [string, string][]) : []),
        ['/app/saker', 'Saker'],
        ...(oekt.handlerFor ? ([['/app/saker/ny', 'Ny sak'], ['/app/moeter', 'Møter'], ['/app/avvik', 'Avvik']] as [string, string][]) : []),
        ...(revisor ? ([['/app/revisjon', 'Revisjon']] as [string, string][]) : []),
        ['/app/varsler', 'Varsler'],
        ['/app/organisasjon', 'Organisasjonen'],
        ['/app/innsyn', 'Innsyn'],
      ]
    : [
        ['/app/innsyn', 'Innsyn'],
        ['/app/organisasjon', 'Organisasjonen'],
      ];
  return (
    <>
      <SkipLink href="#hovedinnhold">Hopp til hovedinnholdet</SkipLink>
      <header className="ramme-topp">
        <a className="merke" href="/app">
          Saksgang
        </a>
        <nav aria-label="Hovedmeny">
          <ul>
            {lenker.map(([til, tekst]) => (
              <li key={til}>
                <NavLink to={til} end>
                  {tekst}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {oekt ? (
          <div className="handler-for">
            <Paragraph data-size="sm">
              Logget inn som <strong>{oekt.navn}</strong>
              {revisor ? ' (revisor)' : ''}
            </Paragraph>
            {oekt.medlemskap.length > 0 && (
              <Field>
                <Label>Du handler for</Label>
                <Select
                  data-size="sm"
                  value={oekt.handlerFor ? `${oekt.handlerFor.organId}|${oekt.handlerFor.rolle}` : ''}
                  onChange={(e) => {
                    const [organId, rolle] = e.target.value.split('|');
                    byttHandlerFor(organId!, rolle!);
                  }}
                >
                  {oekt.medlemskap.map((m) => (
                    <Select.Option key={`${m.organId}|${m.rolle}`} value={`${m.organId}|${m.rolle}`}>
                      {m.organnavn} – {m.rollenavn}
                    </Select.Option>
                  ))}
                </Select>
              </Field>
            )}
            <Button
              variant="secondary"
              data-size="sm"
              onClick={() => {
                // The tokens leave this tab; with a provider the browser goes on to log out there too.
                void loggUt().then((tilTilbyder) => tilTilbyder || naviger('/app/innsyn'));
              }}
            >
              Logg ut
            </Button>
          </div>
        ) : (
          <Button asChild variant="primary" data-size="sm">
            <a href="/app/logg-inn">Logg inn</a>
          </Button>
        )}
      </header>
      <main id="hovedinnhold" tabIndex={-1}>
        {utloept && !oekt && (
          <Alert data-color="warning">
            <Paragraph>
              Økten er utløpt – logg inn på nytt.{' '}
              {utloept.oppsett ? (
                <Button variant="secondary" data-size="sm" onClick={() => void loggInnIgjen(utloept.oppsett!).catch(() => naviger('/app/logg-inn'))}>
                  Logg inn på nytt
                </Button>
              ) : (
                <a href="/app/logg-inn">Logg inn på nytt</a>
              )}
            </Paragraph>
          </Alert>
        )}
        <Outlet />
      </main>
    </>
  );
}
