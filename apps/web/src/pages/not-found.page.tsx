import { usePageTitle } from '../hooks/use-page-title';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';

export function NotFoundPage() {
  usePageTitle('Seite nicht gefunden');
  return (
    <>
      <h1 tabIndex={-1}>Seite nicht gefunden</h1>
      <p>Diese Adresse gibt es in hilfenetz nicht.</p>
      <ul className="link-list">
        <li>
          <Link to={paths.trigger()}>Krise auslösen</Link>
        </li>
        <li>
          <Link to={paths.timeline()}>Zeitleiste eines Falls ansehen</Link>
        </li>
      </ul>
    </>
  );
}
