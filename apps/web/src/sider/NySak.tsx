import { Paragraph } from '@digdir/designsystemet-react';
import { useNavigate } from 'react-router';
import { useArbeidsflyt } from '../arbeidsflyt';
import { StegSkjema } from '../StegSkjema';
import { KreverHandlerFor, Side } from './felles';

/** Register a sak: the form of the workflow's first step (RegistrerSak), as declared. */
export function NySak() {
  const flyt = useArbeidsflyt();
  const naviger = useNavigate();
  const steg = flyt?.steg.find((s) => s.fra.length === 0);
  return (
    <Side tittel="Registrer en ny sak" laster={!flyt}>
      <KreverHandlerFor>
        {steg ? (
          <StegSkjema
            steg={steg}
            sti={steg.http.path}
            stivalg={{}}
            utkastnoekkel="saksgang.utkast.ny-sak"
            onFerdig={(svar) => {
              const sakId = (svar as { sakId?: string } | undefined)?.sakId;
              if (sakId) void naviger(`/app/saker/${sakId}`);
            }}
          />
        ) : (
          <Paragraph>Arbeidsflyten har ikke noe første steg.</Paragraph>
        )}
      </KreverHandlerFor>
    </Side>
  );
}
