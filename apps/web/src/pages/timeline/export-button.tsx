import { apiClient, type TimelineFilters } from '../../api/api-client';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { useDownload } from '../../hooks/use-download';
import { pick, texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    export: { csv: 'Als CSV exportieren', pdf: 'Als PDF exportieren' },
    exporting: 'Export läuft …',
    exportFailed: (format: string) => `${format}-Export fehlgeschlagen`,
    fileName: 'zeitleiste',
  },
  {
    export: { csv: 'Export as CSV', pdf: 'Export as PDF' },
    exporting: 'Exporting …',
    exportFailed: (format: string) => `${format} export failed`,
    fileName: 'timeline',
  },
);

/** Downloads the timeline as CSV or PDF, with the filters shown and a break-glass reason if given. */
export function ExportButton({
  caseId,
  filters,
  format,
  breakGlassReason,
}: {
  caseId: string;
  filters: TimelineFilters;
  format: 'csv' | 'pdf';
  breakGlassReason: string | null;
}) {
  const t = useTexts(T);
  const state = useDownload();
  const download = () =>
    state.download(
      () => apiClient.exportTimeline(caseId, filters, format, breakGlassReason),
      () => `${pick(T).fileName}-${caseId}.${format}`,
    );
  return (
    <>
      <Button variant="secondary" onPress={() => void download()} isDisabled={state.busy}>
        {state.busy ? t.exporting : t.export[format]}
      </Button>
      {state.error !== null && (
        <div className="filters__error">
          <ApiErrorAlert error={state.error} title={t.exportFailed(format.toUpperCase())} />
        </div>
      )}
    </>
  );
}
