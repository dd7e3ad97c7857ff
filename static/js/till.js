// till.js: the store staff's till page (/merchant/stores/:id/till) shows
// new cashier payments without a reload: every 5 s it fetches the list
// part of the page and swaps it in (nothing when the tab is hidden).
(function () {
	var box = document.getElementById('till');
	if (!box) return;
	var url = box.getAttribute('data-till');
	function tick() {
		if (document.hidden) return;
		fetch(url, { credentials: 'same-origin' }).then(function (r) {
			return r.ok ? r.text() : null;
		}).then(function (html) {
			if (html !== null) box.innerHTML = html;
		}).catch(function () {});
	}
	setInterval(tick, 5000);
})();
