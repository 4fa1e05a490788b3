import type { LagebildAudience } from '@hilfenetz/contracts';
import { useState } from 'react';
import { requestBlob } from '../api/http-request';
import { lagebildTexts } from '../i18n/lagebild';
import { pick, useTexts } from '../i18n/language';
import { ApiErrorAlert } from './api-error-alert';
import { Button } from './button';

const seg = encodeURIComponent;

/**
 * Downloads the report of the audience shown as a PDF, with the user's token (a plain link would
 * carry none), and offers the blob as a file.
 */
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
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const blob = await requestBlob(
        `/cases/${seg(caseId)}/crises/${seg(crisisId)}/lagebild.pdf?audience=${seg(audience)}`,
      );
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${pick(lagebildTexts).fileName}-${audience === 'runder_tisch' ? 'runder-tisch' : caseId}.pdf`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <div className="lagebild__pdf">
      <Button variant="secondary" onPress={() => void download()} isDisabled={state.busy}>
        {state.busy ? t.pdfBusy : t.pdf}
      </Button>
      {state.error !== null && <ApiErrorAlert error={state.error} title={t.pdfFailed} />}
    </div>
  );
}
