// The dashboard's own script. htmx's requests carry the session's CSRF token (a form post carries it as a field).
document.addEventListener('htmx:configRequest', function (event) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
        event.detail.headers[header.content] = token.content;
    }
});

// A filter form sends only the fields that are filled in, so that the URL (a link to the view) holds only the filters.
document.addEventListener('submit', function (event) {
    if (event.target.matches('form[method="get"]')) {
        event.target.querySelectorAll('input[name], select[name]').forEach(function (field) {
            field.disabled = field.value === '';
        });
    }
});
// ...and a page the browser brings back (its back button) has every field usable again.
window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[method="get"] [disabled]').forEach(function (field) {
        field.disabled = false;
    });
});
