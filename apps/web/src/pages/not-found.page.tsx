import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';

const T = texts(
  {
    title: 'Seite nicht gefunden',
    text: 'Diese Adresse gibt es in hilfenetz nicht.',
    trigger: 'Krise auslösen',
    timeline: 'Zeitleiste eines Falls ansehen',
  },
  {
    title: 'Page not found',
    text: 'This address does not exist in hilfenetz.',
    trigger: 'Trigger a crisis',
    timeline: "View a case's timeline",
  },
);

export function NotFoundPage() {
  const t = useTexts(T);
  usePageTitle(t.title);
  return (
    <>
      <h1 tabIndex={-1}>{t.title}</h1>
      <p>{t.text}</p>
      <ul className="link-list">
        <li>
          <Link to={paths.trigger()}>{t.trigger}</Link>
        </li>
        <li>
          <Link to={paths.timeline()}>{t.timeline}</Link>
        </li>
      </ul>
    </>
  );
}
