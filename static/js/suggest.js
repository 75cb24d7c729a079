// Suggest names for the filters that take an event, actor, source or outlet.
// Each input names its datalist and the address that lists matching names; the
// suggestions carry the slug as their value and the name as their label.
document.querySelectorAll("input[data-suggest]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("list"));
  let asked = null;
  const fill = async () => {
    const query = input.value;
    if (query === asked) return;
    asked = query;
    const url = `${input.dataset.suggest}?q=${encodeURIComponent(query)}`;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    // An answer that arrives after a newer question was asked is dropped.
    if (!response.ok || query !== asked) return;
    const { results } = await response.json();
    list.replaceChildren(
      ...results.map(({ slug, name }) => {
        const option = document.createElement("option");
        option.value = slug;
        option.label = name;
        option.textContent = name;
        return option;
      }),
    );
  };
  input.addEventListener("focus", fill);
  input.addEventListener("input", fill);
});
