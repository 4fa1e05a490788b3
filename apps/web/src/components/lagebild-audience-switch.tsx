import type { LagebildAudience } from '@hilfenetz/contracts';
import { lagebildTexts } from '../i18n/lagebild';
import { useTexts } from '../i18n/language';
import { RadioGroup } from './radio-group';

/** The versions of the report the reader may switch between (the lead office: all four). */
export function LagebildAudienceSwitch({
  available,
  value,
  onChange,
}: {
  available: LagebildAudience[];
  value: LagebildAudience;
  onChange: (audience: LagebildAudience) => void;
}) {
  const t = useTexts(lagebildTexts);
  return (
    <RadioGroup
      name="lagebild-audience"
      legend={t.audience}
      className="lagebild__audience"
      options={available.map((a) => ({ value: a, label: t.audiences[a].label, hint: t.audiences[a].hint }))}
      value={value}
      onChange={onChange}
    />
  );
}
