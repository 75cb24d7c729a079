// Suggest names for the filters that take an event, actor, source or outlet.
// Each input names its datalist and the address that lists matching names; the
// suggestions carry the slug as their value and the name as their label.
document.querySelectorAll("input[data-suggest]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("list"));
  let typed = null;
  const fill = async () => {
    if (input.value === typed) return;
    typed = input.value;
    const url = `${input.dataset.suggest}?q=${encodeURIComponent(typed)}`;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok || input.value !== typed) return;
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
