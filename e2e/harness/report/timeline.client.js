// The report's timeline, drawn as plain SVG from the JSON the page carries: lanes of marks, spans,
// the followed event's stages joined across lanes, and the pending counts, on one zoomable axis.
;(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent)
  const NS = 'http://www.w3.org/2000/svg'
  const LANE_H = 48
  const LABEL_W = 120
  const AXIS_H = 22
  const CHART_H = 90
  const root = document.getElementById('timeline')
  const details = document.getElementById('details')
  const nameInput = document.getElementById('name-filter')
  const hiddenLanes = new Set()
  const full = [data.start, Math.max(data.end, data.start + 1)]
  const around = [Math.max(data.start, data.changedAt - 3000), full[1] + 50]
  let view = around.slice()
  let selected

  const el = (tag, attrs, text) => {
    const node = document.createElementNS(NS, tag)
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value))
    if (text !== undefined) node.textContent = text
    return node
  }
  const rel = (t) => `${t - data.changedAt >= 0 ? '+' : ''}${Math.round(t - data.changedAt)} ms`
  const width = () => Math.max(400, root.clientWidth - LABEL_W - 10)
  const x = (t) => LABEL_W + ((t - view[0]) / (view[1] - view[0])) * width()
  const inView = (t) => t >= view[0] && t <= view[1]
  const lanes = () => data.lanes.filter((lane) => !hiddenLanes.has(lane))
  const laneY = (lane) => AXIS_H + lanes().indexOf(lane) * LANE_H
  const matchesName = (name) => name.toLowerCase().includes(nameInput.value.trim().toLowerCase())

  const show = (text, node) => {
    selected?.classList.remove('selected')
    selected = node
    node?.classList.add('selected')
    details.textContent = text
  }

  const tickStep = (span) => {
    const raw = span / 8
    const power = 10 ** Math.floor(Math.log10(raw))
    return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw)
  }

  const drawAxis = (svg, height) => {
    const step = tickStep(view[1] - view[0])
    for (let t = Math.ceil((view[0] - data.changedAt) / step) * step; t <= view[1] - data.changedAt; t += step) {
      const at = x(t + data.changedAt)
      svg.append(el('line', { x1: at, x2: at, y1: AXIS_H - 4, y2: height, class: 'grid' }))
      svg.append(el('text', { x: at + 2, y: 12, class: 'tick' }, `${t >= 0 ? '+' : ''}${t} ms`))
    }
  }

  const drawLane = (svg, lane) => {
    const y = laneY(lane)
    const group = el('g', { 'data-lane': lane, class: 'lane' })
    group.append(el('rect', { x: 0, y, width: LABEL_W + width(), height: LANE_H - 2, class: 'lane-bg' }))
    group.append(el('text', { x: 6, y: y + 20, class: 'lane-label' }, lane))
    for (const span of data.spans) {
      if (span.lane !== lane || span.end < view[0] || span.start > view[1]) continue
      const x1 = x(Math.max(span.start, view[0]))
      const rect = el('rect', {
        x: x1,
        y: y + 30,
        width: Math.max(2, x(Math.min(span.end, view[1])) - x1),
        height: 10,
        class: `span ${span.kind}${span.open ? ' open' : ''}`,
      })
      rect.append(el('title', {}, span.name))
      rect.addEventListener('click', () =>
        show(
          `${rel(span.start)} → ${rel(span.end)}  ${lane}  ${span.name}\nsettled by: ${span.settledBy ?? 'nothing (never settled)'}`,
          rect,
        ),
      )
      group.append(rect)
    }
    for (const mark of data.marks) {
      if (mark.lane !== lane || !inView(mark.t) || !matchesName(mark.name)) continue
      const circle = el('circle', {
        cx: x(mark.t),
        cy: y + 16,
        r: mark.followed ? 6 : 4,
        class: `mark${mark.followed ? ' followed' : ''}`,
        'data-name': mark.name,
      })
      circle.append(el('title', {}, `${rel(mark.t)} ${mark.name}`))
      circle.addEventListener('click', () =>
        show(`${rel(mark.t)} (t=${mark.t} ms)  ${lane}  ${mark.name}\n${JSON.stringify(mark.fields, null, 2)}`, circle),
      )
      group.append(circle)
    }
    svg.append(group)
  }

  const drawStages = (svg) => {
    const points = data.stages.filter((stage) => !hiddenLanes.has(stage.lane) && inView(stage.t))
    const reached = points.filter((stage) => stage.reached).map((stage) => `${x(stage.t)},${laneY(stage.lane) + 16}`)
    if (reached.length > 1) svg.append(el('polyline', { points: reached.join(' '), class: 'stage-path' }))
    for (const stage of points) {
      const cx = x(stage.t)
      const cy = laneY(stage.lane) + 16
      const cls = stage.reached ? 'stage-point' : 'stage-point missed'
      svg.append(
        el('rect', { x: cx - 5, y: cy - 5, width: 10, height: 10, transform: `rotate(45 ${cx} ${cy})`, class: cls }),
      )
      // The missed stage sits at the verdict, the right end of the view, often next to the last stage
      // reached: its label goes below and to its left.
      const label = stage.reached
        ? el('text', { x: cx + 8, y: cy - 6, class: 'stage-label' }, stage.id)
        : el('text', { x: cx - 8, y: cy + 22, 'text-anchor': 'end', class: 'stage-label missed' }, `never: ${stage.id}`)
      svg.append(label)
    }
  }

  const drawPending = (svg, plot, top) => {
    const samples = data.samples.filter((sample) => sample.session !== undefined)
    const max = Math.max(1, ...samples.flatMap((sample) => [sample.session.pending, sample.leader.pending]))
    const y = (count) => top + CHART_H - 8 - (count / max) * (CHART_H - 24)
    svg.append(el('text', { x: 6, y: top + 16, class: 'lane-label' }, 'pending'))
    svg.append(el('text', { x: 6, y: top + 32, class: 'legend session' }, 'session'))
    svg.append(el('text', { x: 6, y: top + 46, class: 'legend leader' }, 'leader'))
    svg.append(el('text', { x: LABEL_W - 24, y: y(max) + 4, class: 'tick' }, `max ${max}`))
    for (const side of ['session', 'leader']) {
      const path = samples.map((sample, i) =>
        i === 0 ? `M${x(sample.t)},${y(sample[side].pending)}` : `H${x(sample.t)} V${y(sample[side].pending)}`,
      )
      plot.append(el('path', { d: path.join(' '), class: `pending ${side}`, 'data-side': side }))
    }
    for (const sample of data.samples.filter((s) => s.unanswered !== undefined && inView(s.t))) {
      const tick = el('line', {
        x1: x(sample.t),
        x2: x(sample.t),
        y1: top + 4,
        y2: top + CHART_H - 8,
        class: 'unanswered',
      })
      tick.append(el('title', {}, sample.unanswered))
      plot.append(tick)
    }
  }

  const render = () => {
    const height = AXIS_H + lanes().length * LANE_H + CHART_H
    const svg = el('svg', { width: LABEL_W + width() + 10, height, role: 'img', 'aria-label': 'timeline' })
    drawAxis(svg, height)
    for (const lane of lanes()) drawLane(svg, lane)
    drawStages(svg)
    // The pending steps run past the view on both sides: clipped to the plot, off the lane labels.
    const clip = el('clipPath', { id: 'plot' })
    clip.append(el('rect', { x: LABEL_W, y: 0, width: width(), height }))
    const plot = el('g', { 'clip-path': 'url(#plot)' })
    svg.append(clip, plot)
    drawPending(svg, plot, AXIS_H + lanes().length * LANE_H)
    root.replaceChildren(svg)
  }

  const zoom = (factor, at = (view[0] + view[1]) / 2) => {
    view = [at - (at - view[0]) * factor, at + (view[1] - at) * factor]
    render()
  }

  const laneFilter = document.getElementById('lane-filter')
  for (const lane of data.lanes) {
    const label = document.createElement('label')
    const box = document.createElement('input')
    box.type = 'checkbox'
    box.checked = true
    box.dataset.lane = lane
    box.addEventListener('change', () => {
      if (box.checked) hiddenLanes.delete(lane)
      else hiddenLanes.add(lane)
      render()
    })
    label.append(box, ` ${lane}`)
    laneFilter.append(label)
  }
  const names = document.getElementById('names')
  for (const name of new Set(data.marks.map((mark) => mark.name))) names.append(new Option(name))
  nameInput.addEventListener('input', render)
  document.getElementById('zoom-in').addEventListener('click', () => zoom(0.5))
  document.getElementById('zoom-out').addEventListener('click', () => zoom(2))
  document.getElementById('zoom-change').addEventListener('click', () => {
    view = around.slice()
    render()
  })
  document.getElementById('zoom-all').addEventListener('click', () => {
    view = full.slice()
    render()
  })
  for (const button of document.querySelectorAll('button.goto')) {
    button.addEventListener('click', () => {
      const t = Number(button.dataset.t)
      view = [t - 300, t + 700]
      render()
      const span = [...root.querySelectorAll(`g[data-lane="${button.dataset.lane}"] rect.span.open`)][0]
      span?.dispatchEvent(new MouseEvent('click'))
      root.scrollIntoView({ block: 'nearest' })
    })
  }
  root.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault()
      const box = root.getBoundingClientRect()
      const at = view[0] + ((event.clientX - box.left - LABEL_W) / width()) * (view[1] - view[0])
      zoom(event.deltaY > 0 ? 1.25 : 0.8, at)
    },
    { passive: false },
  )
  let drag
  root.addEventListener('pointerdown', (event) => {
    if (event.target.closest('.mark, .span') === null) drag = { x: event.clientX, view: view.slice() }
  })
  window.addEventListener('pointerup', () => {
    drag = undefined
  })
  window.addEventListener('pointermove', (event) => {
    if (drag === undefined) return
    const shift = ((drag.x - event.clientX) / width()) * (drag.view[1] - drag.view[0])
    view = [drag.view[0] + shift, drag.view[1] + shift]
    render()
  })
  window.addEventListener('resize', render)
  render()
})()
