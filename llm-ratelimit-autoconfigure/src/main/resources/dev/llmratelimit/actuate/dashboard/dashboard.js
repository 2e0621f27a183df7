// Live dashboard of llm-ratelimit: polls the llmlimits endpoint every second and draws, per
// model, a bar per meter (available vs limit), calls in flight and waiting by priority, the
// routes taken to fallback models, the tenants (keys) near their share, a sparkline of
// waited calls and provider 429s per second, and the advice on the model's limits.
(() => {
  'use strict';

  const REFRESH_MS = 1000;
  const HISTORY = 60;
  const SVG = 'http://www.w3.org/2000/svg';

  const root = document.getElementById('models');
  const status = document.getElementById('status');
  const endpoint = document.body.dataset.endpoint;
  const cards = new Map();
  const PRIORITIES = ['high', 'normal', 'low'];

  const STATS = [
    ['inFlight', 'In flight', ''],
    ['waiting', 'Waiting', 'waiting'],
    ['admitted', 'Admitted', ''],
    ['waited', 'Waited', ''],
    ['rejected', 'Rejected', ''],
    ['providerThrottled', 'Provider 429s', 'throttled'],
  ];

  function node(tag, attributes, ...children) {
    const element = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => element.setAttribute(name, value));
    children.forEach((child) => element.append(child));
    return element;
  }

  function svgNode(tag, attributes) {
    const element = document.createElementNS(SVG, tag);
    Object.entries(attributes).forEach(([name, value]) => element.setAttribute(name, value));
    return element;
  }

  function format(value, digits = 1) {
    return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits });
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  function createCard(model) {
    const cooldown = node('span', { class: 'badge cooldown', hidden: '' }, 'cooldown');
    const provider = node('span', { class: 'badge' }, '');
    const stats = node('div', { class: 'stats' });
    const statValues = {};
    STATS.forEach(([key, label, kind]) => {
      statValues[key] = node('span', { class: 'value' }, '0');
      stats.append(node('div', { class: ('stat ' + kind).trim(), 'data-stat': key },
        statValues[key], node('span', { class: 'label' }, label)));
    });
    const meters = node('div', { class: 'meters' });
    const svg = svgNode('svg', { viewBox: `0 0 ${HISTORY - 1} 100`, preserveAspectRatio: 'none',
      role: 'img', 'aria-label': 'waited calls and 429s per second' });
    const area = svgNode('path', { class: 'area', 'vector-effect': 'non-scaling-stroke' });
    const line = svgNode('path', { class: 'line', 'vector-effect': 'non-scaling-stroke' });
    svg.append(area, line);
    const sparkTotals = node('span', {}, '');
    const spark = node('div', { class: 'spark' },
      node('div', { class: 'spark-head' }, sparkTotals,
        node('span', { class: 'legend' },
          node('span', { class: 'waited' }, 'waited calls/s'),
          node('span', { class: 'throttled' }, '429s/s'))),
      svg);
    const queues = node('div', { class: 'queues' });
    const queueValues = {};
    PRIORITIES.forEach((priority) => {
      queueValues[priority] = node('span', { class: 'value' }, '0');
      queues.append(node('span', { class: 'queue', 'data-priority': priority },
        node('span', { class: 'label' }, priority), queueValues[priority]));
    });
    const routes = node('ul', { class: 'routes' });
    const tenants = node('ul', { class: 'tenants' });
    const flow = node('div', { class: 'flow' },
      node('div', {}, node('h3', {}, 'Waiting by priority'), queues),
      node('div', {}, node('h3', {}, 'Routed to fallbacks'), routes),
      node('div', {}, node('h3', {}, 'Tenants near their share'), tenants));
    const advice = node('p', { class: 'advice' }, '');
    const card = node('section', { class: 'card', 'data-model': model },
      node('div', { class: 'card-head' }, node('h2', {}, model), provider, cooldown),
      stats, meters, flow, spark, advice);
    root.append(card);
    return { card, provider, cooldown, statValues, meters, meterRows: new Map(), queueValues, routes, tenants,
      area, line, sparkTotals, advice, history: [], previous: null };
  }

  function meterRow(view, name) {
    let row = view.meterRows.get(name);
    if (!row) {
      const binding = node('span', { class: 'binding', hidden: '' }, 'binding');
      const fill = node('div', { class: 'fill' });
      const bar = node('div', { class: 'meter', 'data-meter': name, role: 'meter' }, fill);
      const value = node('span', { class: 'meter-value' });
      const element = node('div', { class: 'meter-row' },
        node('span', { class: 'meter-name' }, name, binding), bar, value);
      view.meters.append(element);
      row = { binding, bar, fill, value };
      view.meterRows.set(name, row);
    }
    return row;
  }

  function renderMeters(view, model) {
    Object.entries(model.meters || {}).forEach(([name, meter]) => {
      const row = meterRow(view, name);
      const fraction = meter.limit > 0 ? Math.max(0, Math.min(1, meter.available / meter.limit)) : 0;
      const percent = Math.round(fraction * 1000) / 10;
      row.fill.style.width = percent + '%';
      row.bar.dataset.available = meter.available;
      row.bar.dataset.limit = meter.limit;
      row.bar.dataset.fraction = fraction.toFixed(3);
      row.bar.dataset.level = fraction < 0.2 ? 'low' : (fraction < 0.5 ? 'warn' : 'ok');
      row.bar.setAttribute('aria-valuenow', meter.available);
      row.bar.setAttribute('aria-valuemax', meter.limit);
      row.bar.title = `${name}: ${format(meter.available)} of ${format(meter.limit)} available (${meter.source})`;
      row.value.replaceChildren(node('strong', {}, format(Math.max(0, meter.available), 0)),
        ' / ' + format(meter.limit, 0));
      row.binding.hidden = name !== model.bindingMeter;
    });
  }

  function renderStats(view, model) {
    const calls = model.calls || {};
    const values = { inFlight: model.inFlight, waiting: model.waiting, ...calls };
    STATS.forEach(([key]) => {
      view.statValues[key].textContent = values[key] === undefined ? '–' : format(values[key], 0);
      view.statValues[key].parentElement.dataset.nonzero = values[key] > 0;
    });
  }

  function renderFlow(view, model) {
    const waiting = model.waitingByPriority || {};
    PRIORITIES.forEach((priority) => {
      const value = waiting[priority] || 0;
      view.queueValues[priority].textContent = format(value, 0);
      view.queueValues[priority].parentElement.dataset.nonzero = value > 0;
    });
    const routed = Object.entries((model.calls && model.calls.routedTo) || {});
    view.routes.replaceChildren(...listItems(routed, ([fallback, count]) => node('li', { 'data-fallback': fallback },
      node('code', {}, fallback), ' ', node('b', {}, format(count, 0)))));
    const keys = Object.entries(model.keys || {});
    view.tenants.replaceChildren(...listItems(keys, ([key, share]) => node('li', { 'data-key': key },
      node('code', {}, key), ' ', node('b', {}, format(share.share * 100, 0) + '%'),
      ` of ${share.meter} (cap ${format(share.maxShare * 100, 0)}%)`)));
  }

  function listItems(entries, item) {
    return entries.length === 0 ? [node('li', { class: 'none' }, 'none')] : entries.map(item);
  }

  function renderSpark(view, model) {
    const calls = model.calls || { waited: 0, providerThrottled: 0 };
    const previous = view.previous || calls;
    view.history.push({
      waited: Math.max(0, calls.waited - previous.waited),
      throttled: Math.max(0, calls.providerThrottled - previous.providerThrottled),
    });
    view.previous = calls;
    if (view.history.length > HISTORY) {
      view.history.shift();
    }
    const samples = view.history;
    const top = Math.max(1, ...samples.map((sample) => Math.max(sample.waited, sample.throttled)));
    const offset = HISTORY - samples.length;
    const y = (value) => (100 - (value / top) * 92).toFixed(1);
    const points = (key) => samples.map((sample, index) => `${offset + index},${y(sample[key])}`);
    const waited = points('waited');
    view.area.setAttribute('d', `M${offset},100 L${waited.join(' L')} L${HISTORY - 1},100 Z`);
    view.line.setAttribute('d', 'M' + points('throttled').join(' L'));
    const waitedTotal = samples.reduce((sum, sample) => sum + sample.waited, 0);
    const throttledTotal = samples.reduce((sum, sample) => sum + sample.throttled, 0);
    view.sparkTotals.textContent = `last ${samples.length} s: ${waitedTotal} waited · ${throttledTotal} × 429`;
  }

  function adviceText(model) {
    if (model.observedCalls == null) {
      return [{ none: 'No advisor: advice is off.' }];
    }
    if (model.observedCalls === 0 || model.sustainableRequestsPerMinute == null) {
      return [{ none: 'Advice appears once calls have settled.' }];
    }
    const parts = ['Sustainable ', { b: format(model.sustainableRequestsPerMinute) }, ' req/min (set by ',
      { b: model.sustainableRateMeter }, ')'];
    if (model.recommendedConcurrency != null) {
      parts.push(' · run ', { b: model.recommendedConcurrency }, ' at once');
    }
    const audit = model.maxTokensAudit;
    if (audit) {
      parts.push(' · max_tokens reserves ', { b: format(audit.reservedMaxTokens, 0) }, ', p99 output ',
        { b: format(audit.p99OutputTokens, 0) }, ' → suggest ', { b: format(audit.suggestedMaxTokens, 0) });
      if (audit.freedTokensPerCall > 0) {
        parts.push(' (frees ', { b: format(audit.freedTokensPerCall, 0) }, ' per call)');
      }
    }
    if (model.cacheSavings) {
      parts.push(' · cache served ', { b: format(model.cacheSavings.uncountedFraction * 100, 0) + '%' },
        ' of input');
    }
    parts.push(` · from ${model.observedCalls} calls`);
    return parts;
  }

  function renderAdvice(view, model) {
    view.advice.replaceChildren(...adviceText(model).map((part) => {
      if (typeof part === 'string') {
        return part;
      }
      return part.none !== undefined ? node('span', { class: 'none' }, part.none) : node('b', {}, String(part.b));
    }));
  }

  function render(models) {
    Object.entries(models).forEach(([id, model]) => {
      let view = cards.get(id);
      if (!view) {
        view = createCard(id);
        cards.set(id, view);
      }
      view.provider.textContent = model.provider || 'provider unknown';
      view.cooldown.hidden = !model.cooldownUntil;
      if (model.cooldownUntil) {
        const seconds = Math.max(0, Math.ceil((Date.parse(model.cooldownUntil) - Date.now()) / 1000));
        view.cooldown.textContent = `cooldown ${seconds} s`;
      }
      renderStats(view, model);
      renderMeters(view, model);
      renderFlow(view, model);
      renderSpark(view, model);
      renderAdvice(view, model);
    });
  }

  async function refresh() {
    try {
      const response = await fetch(endpoint, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      const body = await response.json();
      render(body.models || {});
      setStatus('live', 'live · ' + new Date().toLocaleTimeString());
    } catch (error) {
      setStatus('error', `cannot read ${endpoint}: is the llmlimits endpoint exposed over HTTP?`);
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  refresh();
})();
