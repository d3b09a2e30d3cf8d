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

/** Resolves when window.Drawflow and window.JSONEditor are there and the styles are applied. */
export function loadVendor() {
  if (!loading) {
    loading = Promise.all([
      script('/ui/assets/vendor/drawflow.js'),
      script('/ui/assets/vendor/jsoneditor.js'),
      style('/ui/assets/vendor/drawflow.css'),
      style('/ui/assets/editor/editor.css'),
    ]);
  }
  return loading;
}
