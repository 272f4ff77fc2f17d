// Browser only: SVG markup to PNG bytes through an image and a canvas (the plots' PNG export).

/**
 * Rasterises an SVG string to PNG bytes at `scale`× (browser only: an image decoded from a blob URL,
 * drawn on a canvas). The file's own width and height win over `width`/`height`: an export adds its
 * title and legend above the chart, so the file is taller than the chart on the page.
 */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round((img.naturalWidth || width) * scale);
    canvas.height = Math.round((img.naturalHeight || height) * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas context');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
