import { Alert, Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { fullfoerOidc, InnloggingFeil, loggInnMed } from '../innlogging';

/** The answer of this page's address is finished once, even if the page is rendered twice. */
let underveis: { href: string; svar: Promise<{ feil?: string; revisor?: boolean; tilbakeTil?: string }> } | undefined;

function fullfoer(href: string): Promise<{ feil?: string; revisor?: boolean; tilbakeTil?: string }> {
  if (underveis?.href !== href) {
    underveis = {
      href,
      svar: fullfoerOidc(new URL(href)).then(
        ({ token, oidc, expiresIn, tilbakeTil }) => loggInnMed(token, oidc, expiresIn).then((r) => ({ ...r, ...(tilbakeTil ? { tilbakeTil } : {}) })),
        (e: unknown) => ({ feil: e instanceof InnloggingFeil ? e.message : 'Innloggingen kunne ikke fullføres. Start innloggingen på nytt.' }),
      ),
    };
  }
  return underveis.svar;
}

/** Where the OpenID Connect provider sends the browser back (`/app/innlogging/tilbake?code=…&state=…`). */
export function InnloggingTilbake() {
  const [feil, settFeil] = useState<string>();
  // The answer as the page was opened with it (the address bar is cleaned below).
  const [href] = useState(() => location.href);
  const naviger = useNavigate();
  useEffect(() => {
    // The code and state leave the address bar and the history at once.
    if (location.search) history.replaceState(history.state, '', location.pathname);
    // A renewal through the sign-in goes back to the page the person was on (its typed text is kept as drafts).
    void fullfoer(href).then(({ feil: f, revisor, tilbakeTil }) => (f ? settFeil(f) : naviger(tilbakeTil ?? (revisor ? '/app/revisjon' : '/app/arbeidsliste'), { replace: true })));
  }, [href, naviger]);
  return (
    <div className="stabel">
      <Heading level={1} data-size="lg">
        Logg inn
      </Heading>
      {feil ? (
        <>
          <Alert data-color="danger">{feil}</Alert>
          <Paragraph>
            <Link href="/app/logg-inn">Til innloggingen</Link>
          </Paragraph>
        </>
      ) : (
        <Spinner aria-label="Fullfører innloggingen" />
      )}
    </div>
  );
}
