/**
 * A QR code drawn as one SVG path, for the `otpauth://` link an authenticator app scans.
 * `uqr` does the encoding; the drawing is ours so that no markup is built from strings.
 */
import { html, type TemplateResult } from 'lit';
import { encode } from 'uqr';

/** Light modules around the code, as the QR standard asks, so scanners find its edges. */
const QUIET_ZONE = 4;

/** An SVG path with one unit square per dark module of the matrix (rows of columns). */
export function qrPath(modules: readonly (readonly boolean[])[]): string {
  const squares: string[] = [];
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) squares.push(`M${x} ${y}h1v1h-1z`);
    });
  });
  return squares.join('');
}

/** `text` as a QR code image named `label`, scaled by CSS (its width sets its size). */
export function renderQrCode(text: string, label: string): TemplateResult {
  const { data, size } = encode(text, { ecc: 'M', border: QUIET_ZONE });
  return html`<svg class="qr" role="img" aria-label=${label} viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">
    <rect width=${size} height=${size} fill="#fff"></rect>
    <path d=${qrPath(data)} fill="#000"></path>
  </svg>`;
}
