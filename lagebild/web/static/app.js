// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const plain = document.getElementById("plain-toggle");
  const text = document.getElementById("doc-text");
  if (plain && text) plain.addEventListener("change", () => text.classList.toggle("plain", plain.checked));

  const edit = document.getElementById("edit-toggle");
  if (edit) edit.addEventListener("click", () => {
    document.querySelectorAll(".sentence.view").forEach((el) => (el.hidden = true));
    document.querySelectorAll(".sentence.edit, .edit-extra, #save-edit").forEach((el) => (el.hidden = false));
    edit.hidden = true;
  });
});
