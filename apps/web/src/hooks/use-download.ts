import { useState } from 'react';

/** Offers a blob as a file through a temporary link. */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download starts after click() returns: revoking the URL at once could cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A download fetched with the user's token (a plain link would carry none) and offered as a file,
 * with whether it is under way and what went wrong. The file name is worded once the file is
 * there, in the language shown then.
 */
export function useDownload(): {
  busy: boolean;
  error: unknown;
  download: (fetchBlob: () => Promise<Blob>, fileName: () => string) => Promise<void>;
} {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const download = async (fetchBlob: () => Promise<Blob>, fileName: () => string) => {
    setState({ busy: true, error: null });
    try {
      saveBlob(await fetchBlob(), fileName());
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return { ...state, download };
}
