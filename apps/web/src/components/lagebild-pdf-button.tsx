import type { LagebildAudience } from '@hilfenetz/contracts';
import { requestBlob } from '../api/http-request';
import { useDownload } from '../hooks/use-download';
import { lagebildTexts } from '../i18n/lagebild';
import { pick, useTexts } from '../i18n/language';
import { ApiErrorAlert } from './api-error-alert';
import { Button } from './button';

const seg = encodeURIComponent;

/** Downloads the report of the audience shown as a PDF. */
export function LagebildPdfButton({
  caseId,
  crisisId,
  audience,
}: {
  caseId: string;
  crisisId: string;
  audience: LagebildAudience;
}) {
  const t = useTexts(lagebildTexts);
  const state = useDownload();
  const download = () =>
    state.download(
      () => requestBlob(`/cases/${seg(caseId)}/crises/${seg(crisisId)}/lagebild.pdf?audience=${seg(audience)}`),
      () => `${pick(lagebildTexts).fileName}-${audience === 'runder_tisch' ? 'runder-tisch' : caseId}.pdf`,
    );
  return (
    <div className="lagebild__pdf">
      <Button variant="secondary" onPress={() => void download()} isDisabled={state.busy}>
        {state.busy ? t.pdfBusy : t.pdf}
      </Button>
      {state.error !== null && <ApiErrorAlert error={state.error} title={t.pdfFailed} />}
    </div>
  );
}
