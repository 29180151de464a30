// The printable sheets' one button (no inline script: the Content-Security-Policy allows only files from this site).
document.getElementById('print')?.addEventListener('click', () => window.print());
