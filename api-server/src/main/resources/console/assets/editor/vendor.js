// Loads the vendored libraries (assets/vendor/, refreshed by api-server/vendor-console-libs.sh)
// once, as classic scripts from this origin, with the editor's styles.

let loading = null;

function script(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement('script');
    el.src = src;
    el.onload = resolve;
    el.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(el);
  });
}

function style(href) {
  return new Promise((resolve) => {
    const el = document.createElement('link');
    el.rel = 'stylesheet';
    el.href = href;
    el.onload = resolve;
    el.onerror = resolve;
    document.head.append(el);
  });
}

/** Resolves when window.Drawflow is there and the styles are applied: what the canvas needs. */
export function loadVendor() {
  if (!loading) {
    loading = Promise.all([
      script('/ui/assets/vendor/drawflow.js'),
      style('/ui/assets/vendor/drawflow.css'),
      style('/ui/assets/editor/editor.css'),
    ]);
  }
  return loading;
}

let forms = null;

/**
 * Resolves when window.JSONEditor is there. The forms' library is the larger one (540 KB), so it
 * is loaded when the first form is shown, after the canvas is drawn.
 */
export function loadForms() {
  forms ??= script('/ui/assets/vendor/jsoneditor.js');
  return forms;
}
