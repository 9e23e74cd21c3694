import { Alert, Heading, Link, Paragraph, Spinner, Tag } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { Link as RuterLenke } from 'react-router';
import { dagerIgjen } from '../format';
import { useOekt } from '../oekt';

/** A page's heading and, while it loads or fails, the state. */
export function Side({ tittel, children, laster, feil }: { tittel: string; children?: ReactNode; laster?: boolean; feil?: string | undefined }) {
  return (
    <div className="stabel">
      <Heading level={1} data-size="lg">
        {tittel}
      </Heading>
      {feil && <Alert data-color="danger">{feil}</Alert>}
      {laster && !feil && <Spinner aria-label="Laster" />}
      {!laster && !feil && children}
    </div>
  );
}

/** A link inside the app (client-side navigation, styled by Designsystemet). */
export function Lenke({ til, children }: { til: string; children: ReactNode }) {
  return (
    <Link asChild>
      <RuterLenke to={til}>{children}</RuterLenke>
    </Link>
  );
}

/** A frist with days left or overdue, coloured by urgency. */
export function FristTag({ dager, forfalt }: { dager: number | null | undefined; forfalt: boolean | null | undefined }) {
  if (dager === undefined || dager === null) return null;
  const farge = forfalt ? 'danger' : dager <= 7 ? 'warning' : 'neutral';
  return <Tag data-color={farge}>{dagerIgjen(dager)}</Tag>;
}

/** Pages that need a signed-in person acting for a body. */
export function KreverHandlerFor({ children }: { children: ReactNode }) {
  const oekt = useOekt();
  if (!oekt)
    return (
      <Paragraph>
        Du må <Lenke til="/app/logg-inn">logge inn</Lenke> for å se denne siden.
      </Paragraph>
    );
  if (!oekt.handlerFor) return <Paragraph>Du har ingen medlemskap å handle i. Som revisor finner du sakene under Saker og Revisjon.</Paragraph>;
  return <>{children}</>;
}
