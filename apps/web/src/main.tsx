import '@digdir/designsystemet-css';
import '@digdir/designsystemet-css/theme';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { Ramme } from './Ramme';
import { hentOekt } from './oekt';
import { Arbeidsliste } from './sider/Arbeidsliste';
import { InnloggingTilbake } from './sider/InnloggingTilbake';
import { Innsyn, OffentligSak } from './sider/Innsyn';
import { LoggInn } from './sider/LoggInn';
import { NySak } from './sider/NySak';
import { Revisjon } from './sider/Revisjon';
import { Sak } from './sider/Sak';
import { Saker } from './sider/Saker';
import { Sendt } from './sider/Sendt';
import { Moete } from './sider/Moete';
import { Moeter } from './sider/Moeter';
import { Organisasjon } from './sider/Organisasjon';
import { Varsler } from './sider/Varsler';
import { AvvikOversikt, EttAvvik } from './sider/avvik/Avvik';

function Start() {
  return <Navigate to={hentOekt() ? '/app/arbeidsliste' : '/app/innsyn'} replace />;
}

const ruter = createBrowserRouter([
  { path: '/', element: <Start /> },
  {
    path: '/app',
    element: <Ramme />,
    children: [
      { index: true, element: <Start /> },
      { path: 'logg-inn', element: <LoggInn /> },
      { path: 'innlogging/tilbake', element: <InnloggingTilbake /> },
      { path: 'arbeidsliste', element: <Arbeidsliste /> },
      { path: 'sendt', element: <Sendt /> },
      { path: 'saker', element: <Saker /> },
      { path: 'saker/ny', element: <NySak /> },
      { path: 'saker/:sakId', element: <Sak /> },
      { path: 'moeter', element: <Moeter /> },
      { path: 'moeter/:moeteId', element: <Moete /> },
      { path: 'revisjon', element: <Revisjon /> },
      { path: 'organisasjon', element: <Organisasjon /> },
      { path: 'varsler', element: <Varsler /> },
      { path: 'avvik', element: <AvvikOversikt /> },
      { path: 'avvik/:avvikId', element: <EttAvvik /> },
      { path: 'innsyn', element: <Innsyn /> },
      { path: 'innsyn/:sakId', element: <OffentligSak /> },
      { path: '*', element: <Start /> },
    ],
  },
]);

createRoot(document.getElementById('rot')!).render(
  <StrictMode>
    <RouterProvider router={ruter} />
  </StrictMode>,
);
