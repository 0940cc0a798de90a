// Runs once when the evidence panel mounts: [n] links anywhere on the page (chat included)
// open and highlight their card; opening a full document scrolls its mark into view.
if (!window.__ccEvidence) {
  window.__ccEvidence = true;
  const show = (id) => {
    const target = document.getElementById(id);
    if (!target) return;
    for (let p = target.parentElement; p; p = p.parentElement) {
      if (p.tagName === 'DETAILS') p.open = true;
    }
    document.querySelectorAll('.cc-active').forEach((e) => e.classList.remove('cc-active'));
    target.classList.add('cc-active');
    target.scrollIntoView({behavior: 'smooth', block: 'center'});
  };
  document.addEventListener('click', (e) => {
    const a = e.target.closest ? e.target.closest('a.cc-ref, a.cc-chip') : null;
    const href = a ? a.getAttribute('href') || '' : '';
    if (!href.startsWith('#cc-')) return;
    e.preventDefault();
    e.stopPropagation();
    show(href.slice(1));
  }, true);
  document.addEventListener('toggle', (e) => {
    const d = e.target;
    if (!d.classList || !d.classList.contains('cc-full') || !d.open) return;
    const box = d.querySelector('.cc-doc');
    const mark = d.querySelector('mark.cc-hl');
    if (box && mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }, true);
}
