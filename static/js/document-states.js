// The documents list updates itself while any document on it is waiting or being read:
// it asks for their states every few seconds, and reloads once one has changed.
(() => {
  const holder = document.getElementById("document-states");
  if (!holder) return;
  const shown = {};
  document.querySelectorAll(".document-state[data-document]").forEach((cell) => {
    shown[cell.dataset.document] = cell.dataset.state;
  });
  const pending = Object.keys(shown).filter((id) => ["waiting", "reading"].includes(shown[id]));
  if (!pending.length) return;
  const address = `${holder.dataset.address}?${pending.map((id) => `id=${id}`).join("&")}`;
  const ask = async () => {
    const response = await fetch(address, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const { states } = await response.json();
      if (pending.some((id) => states[id] && states[id] !== shown[id])) {
        window.location.reload();
        return;
      }
    }
    window.setTimeout(ask, 3000);
  };
  window.setTimeout(ask, 2000);
})();
