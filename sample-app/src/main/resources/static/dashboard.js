// The swr-cache sample's live dashboard: polls /actuator/swrcache every second and draws,
// per cache, the last five minutes as plain SVG. Nothing is fetched from anywhere else.
(function () {
	'use strict';

	const POLL_MILLIS = 1000;
	const WINDOW = 300; // samples kept: five minutes at one per second
	const SVG = 'http://www.w3.org/2000/svg';
	const EVENT_SERIES = [
		{ name: 'stale', color: 'var(--stale)', value: (d) => d.staleServed },
		{ name: 'loads', color: 'var(--loads)', value: (d) => d.loadSuccesses + d.loadFailures },
		{ name: 'failures', color: 'var(--failures)', value: (d) => d.loadFailures },
		{ name: 'refreshes', color: 'var(--refreshes)', value: (d) => d.refreshSuccesses + d.refreshFailures },
		{ name: 'failsafe', color: 'var(--failsafe)', value: (d) => d.failSafeServed },
	];
	const COUNTERS = ['localHits', 'remoteHits', 'misses', 'staleServed', 'loadSuccesses', 'loadFailures',
		'refreshSuccesses', 'refreshFailures', 'refreshesDropped', 'failSafeServed'];

	// Per cache: the last snapshot and one delta per poll (null where the cache was idle).
	const history = new Map();

	const $ = (id) => document.getElementById(id);

	function text(id, value, stateClass) {
		const element = $(id);
		element.textContent = value;
		element.className = stateClass || '';
	}

	async function json(url, options) {
		const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options));
		const body = await response.json().catch(() => ({}));
		if (!response.ok) {
			throw new Error(body.detail || body.error || response.status + ' ' + response.statusText);
		}
		return body;
	}

	// --- polling -------------------------------------------------------------------------

	async function poll() {
		try {
			const report = await json('actuator/swrcache');
			renderNode(report);
			record(report.caches);
			renderCaches(report.caches);
			text('poll-state', new Date().toLocaleTimeString(), 'state-good');
		}
		catch (error) {
			text('poll-state', 'failed: ' + error.message, 'state-bad');
		}
		finally {
			setTimeout(poll, POLL_MILLIS);
		}
	}

	function renderNode(report) {
		const redis = report.redis;
		const status = redis.status;
		text('node-id', report.nodeId);
		text('redis-mode', redis.enabled ? redis.mode + ' (L1 + L2)' : 'none (L1 only)');
		if (redis.enabled) {
			text('redis-connected', String(status.connected), status.connected ? 'state-good' : 'state-bad');
			text('circuit-state', status.circuitState, status.circuitState === 'CLOSED' ? 'state-good' : 'state-bad');
			text('bus-state', status.busSubscribed ? 'subscribed' : 'not subscribed',
				status.busSubscribed ? 'state-good' : 'state-bad');
			text('pending-invalidations', String(status.pendingInvalidations));
		}
		else {
			['redis-connected', 'circuit-state', 'bus-state', 'pending-invalidations'].forEach((id) => text(id, '–'));
		}
	}

	function record(caches) {
		for (const [name, cache] of Object.entries(caches)) {
			let entry = history.get(name);
			if (!entry) {
				entry = { last: null, deltas: [] };
				history.set(name, entry);
			}
			const now = cache.statistics;
			if (entry.last) {
				const delta = {};
				for (const counter of COUNTERS) {
					// A counter that went down means the node restarted: count from zero.
					delta[counter] = Math.max(0, now[counter] - entry.last[counter]);
				}
				entry.deltas.push(delta);
				if (entry.deltas.length > WINDOW) {
					entry.deltas.shift();
				}
			}
			entry.last = now;
		}
	}

	// --- cache cards ---------------------------------------------------------------------

	function renderCaches(caches) {
		const container = $('caches');
		const names = Object.keys(caches);
		if (names.length > 0 && $('no-caches')) {
			$('no-caches').remove();
		}
		for (const name of names) {
			let card = container.querySelector('section.cache[data-cache="' + CSS.escape(name) + '"]');
			if (!card) {
				card = createCard(name);
				container.appendChild(card);
			}
			updateCard(card, caches[name], history.get(name).deltas);
		}
	}

	function createCard(name) {
		const card = document.createElement('section');
		card.className = 'cache';
		card.dataset.cache = name;
		card.innerHTML = '<h3></h3><p class="policy"></p>'
			+ '<svg class="tiers" viewBox="0 0 600 110" preserveAspectRatio="none" aria-label="hit ratio by tier"></svg>'
			+ '<svg class="events" viewBox="0 0 600 110" preserveAspectRatio="none" aria-label="events per second"></svg>'
			+ '<table><tbody></tbody></table>';
		card.querySelector('h3').textContent = name;
		return card;
	}

	function updateCard(card, cache, deltas) {
		const p = cache.policy;
		card.querySelector('.policy').textContent = 'ttl ' + duration(p.ttl) + ' · stale-while-revalidate '
			+ duration(p.staleWhileRevalidate) + ' · stale-if-error ' + duration(p.staleIfError)
			+ (p.earlyRefresh ? ' · early refresh' : '') + ' · ' + cache.localSize + ' in L1';
		drawTiers(card.querySelector('svg.tiers'), deltas);
		drawEvents(card.querySelector('svg.events'), deltas);
		const s = cache.statistics;
		const gets = s.localHits + s.remoteHits + s.misses;
		const rows = [
			['gets', gets, 'hit ratio', cache.hitRatio == null ? '–' : percent(cache.hitRatio)],
			['L1 hits', s.localHits, 'L2 hits', s.remoteHits],
			['misses', s.misses, 'stale served', s.staleServed],
			['loads', s.loadSuccesses, 'load failures', s.loadFailures],
			['refreshes', s.refreshSuccesses, 'refresh failures / dropped', s.refreshFailures + ' / ' + s.refreshesDropped],
			['fail-safe served', s.failSafeServed, 'average load', duration(cache.averageLoadTime)],
		];
		const body = card.querySelector('tbody');
		body.replaceChildren(...rows.map((row) => {
			const tr = document.createElement('tr');
			row.forEach((cell, index) => {
				const td = document.createElement('td');
				td.textContent = String(cell);
				if (index % 2 === 1) {
					td.className = 'n';
					td.dataset.stat = row[index - 1];
				}
				tr.appendChild(td);
			});
			return tr;
		}));
	}

	// Stacked bars, one per second: the share of gets served by L1, by L2, and missed.
	function drawTiers(svg, deltas) {
		const width = 600;
		const height = 100;
		const barWidth = width / WINDOW;
		const offset = WINDOW - deltas.length;
		const parts = [grid(svg, width, height, ['100 %', '50 %', '0 %'])];
		deltas.forEach((d, i) => {
			const gets = d.localHits + d.remoteHits + d.misses;
			if (gets === 0) {
				return;
			}
			const x = (offset + i) * barWidth;
			let y = height;
			for (const [value, color] of [[d.localHits, 'var(--l1)'], [d.remoteHits, 'var(--l2)'], [d.misses, 'var(--miss)']]) {
				const h = (value / gets) * height;
				if (h > 0) {
					y -= h;
					parts.push(element('rect', { x: x, y: y, width: barWidth + 0.2, height: h, fill: color }));
				}
			}
		});
		svg.replaceChildren(...parts.flat());
	}

	// One line per event kind, per second, on a common scale.
	function drawEvents(svg, deltas) {
		const width = 600;
		const height = 100;
		const step = width / WINDOW;
		const offset = WINDOW - deltas.length;
		let max = 1;
		for (const d of deltas) {
			for (const series of EVENT_SERIES) {
				max = Math.max(max, series.value(d));
			}
		}
		const parts = [grid(svg, width, height, [max + '/s', +(max / 2).toFixed(1) + '/s', '0'])];
		for (const series of EVENT_SERIES) {
			if (!deltas.some((d) => series.value(d) > 0)) {
				continue;
			}
			const points = deltas.map((d, i) => ((offset + i) * step).toFixed(1) + ','
				+ (height - (series.value(d) / max) * (height - 4)).toFixed(1)).join(' ');
			parts.push(element('polyline', { points: points, fill: 'none', stroke: series.color, 'stroke-width': 1.5,
				'vector-effect': 'non-scaling-stroke', 'data-series': series.name }));
		}
		svg.replaceChildren(...parts.flat());
	}

	function grid(svg, width, height, labels) {
		return [0, 0.5, 1].flatMap((fraction, i) => {
			const y = Math.max(0.5, fraction * height);
			return [element('line', { x1: 0, x2: width, y1: y, y2: y, class: 'grid', 'vector-effect': 'non-scaling-stroke' }),
				text2(4, Math.min(height - 2, y + 10), labels[i])];
		});
	}

	function text2(x, y, value) {
		const label = element('text', { x: x, y: y, class: 'axis' });
		label.textContent = value;
		return label;
	}

	function element(name, attributes) {
		const node = document.createElementNS(SVG, name);
		for (const [key, value] of Object.entries(attributes)) {
			node.setAttribute(key, value);
		}
		return node;
	}

	function percent(ratio) {
		return (ratio * 100).toFixed(1) + ' %';
	}

	// ISO-8601 durations as the endpoint gives them (PT0.0139S, PT5M, PT1H30M) to "14 ms", "5m".
	function duration(iso) {
		if (iso == null) {
			return '–';
		}
		const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
		if (!match) {
			return iso;
		}
		const seconds = (+match[1] || 0) * 3600 + (+match[2] || 0) * 60 + (+match[3] || 0);
		if (seconds === 0) {
			return '0';
		}
		if (seconds < 1) {
			return Math.round(seconds * 1000) + ' ms';
		}
		const h = Math.floor(seconds / 3600);
		const m = Math.floor((seconds % 3600) / 60);
		const s = Math.round(seconds % 60);
		return (h ? h + 'h' : '') + (m ? m + 'm' : '') + (s ? s + 's' : '');
	}

	// --- controls ------------------------------------------------------------------------

	async function stampede() {
		const button = $('stampede-button');
		button.disabled = true;
		text('stampede-loads', '…');
		text('stampede-detail', '');
		try {
			const n = $('stampede-n').value;
			const product = $('stampede-product').value;
			const result = await json('api/demo/stampede?n=' + encodeURIComponent(n) + '&productId='
				+ encodeURIComponent(product), { method: 'POST' });
			text('stampede-loads', String(result.loads), result.loads === 1 ? 'state-good' : 'state-bad');
			text('stampede-callers', String(result.callers));
			text('stampede-detail', '(' + result.served + ' served, ' + result.failed + ' failed, '
				+ result.millis + ' ms, node ' + result.nodeId + ')', 'muted');
		}
		catch (error) {
			text('stampede-loads', 'error', 'state-bad');
			text('stampede-detail', error.message, 'state-bad');
		}
		finally {
			button.disabled = false;
		}
	}

	function showPricing(status) {
		const settings = status.settings;
		$('break-pricing').checked = settings.broken;
		if (document.activeElement !== $('pricing-latency')) {
			$('pricing-latency').value = Math.round(seconds(settings.latency) * 1000);
		}
		if (document.activeElement !== $('pricing-error-rate')) {
			$('pricing-error-rate').value = settings.errorRate;
		}
		text('pricing-status', (settings.broken ? 'BROKEN · ' : '') + status.calls + ' quotes asked, '
			+ status.failures + ' failed', settings.broken ? 'state-bad' : 'muted');
	}

	function seconds(iso) {
		const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || '');
		return match ? (+match[1] || 0) * 3600 + (+match[2] || 0) * 60 + (+match[3] || 0) : 0;
	}

	async function setPricing(parameters) {
		try {
			showPricing(await json('api/demo/pricing?' + new URLSearchParams(parameters), { method: 'POST' }));
		}
		catch (error) {
			text('pricing-status', error.message, 'state-bad');
		}
	}

	function showTraffic(status) {
		$('traffic-toggle').textContent = status.rps > 0 ? 'Stop' : 'Start';
		$('traffic-toggle').dataset.running = String(status.rps > 0);
		if (status.rps > 0 && document.activeElement !== $('traffic-rps')) {
			$('traffic-rps').value = status.rps;
		}
		text('traffic-status', (status.rps > 0 ? 'running at ' + status.rps + '/s · ' : 'stopped · ')
			+ status.reads + ' reads, ' + status.errors + ' failed', 'muted');
	}

	async function toggleTraffic() {
		const running = $('traffic-toggle').dataset.running === 'true';
		const rps = running ? 0 : $('traffic-rps').value;
		try {
			showTraffic(await json('api/demo/traffic?rps=' + encodeURIComponent(rps), { method: 'POST' }));
		}
		catch (error) {
			text('traffic-status', error.message, 'state-bad');
		}
	}

	async function pollControls() {
		try {
			showPricing(await json('api/demo/pricing'));
			showTraffic(await json('api/demo/traffic'));
		}
		catch (error) {
			// The cache poll reports the node being unreachable.
		}
		finally {
			setTimeout(pollControls, 2000);
		}
	}

	$('stampede-button').addEventListener('click', stampede);
	$('break-pricing').addEventListener('change', (event) => setPricing({ broken: event.target.checked }));
	$('pricing-apply').addEventListener('click', () => setPricing({
		latencyMs: $('pricing-latency').value, errorRate: $('pricing-error-rate').value }));
	$('traffic-toggle').addEventListener('click', toggleTraffic);

	poll();
	pollControls();
})();
