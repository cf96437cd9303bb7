/**
 * Where the workflow diagram draws each state and transition: a layered layout computed here,
 * without a graph library. States sit in rows by their distance from the initial state (states no
 * transition reaches, such as the cancel state, in a last row); transitions to a later row run
 * down, to the same row sideways, and back to an earlier row round a lane on the nearer side.
 * Cancel leads from every form and approval state, so it is drawn once, from an "any open state"
 * marker beside the cancel state, instead of as lines across the whole drawing. Labels go where
 * they cover no other label or state. Pure, so the diagram component only draws what this returns.
 */
import type { RuleOperator } from '../../../src/access/rules'
import type { DraftDefinition, DraftState, StateKind } from './definitionDraft'

/** The marker that stands for every state cancel leads from. */
export const ANY_OPEN_STATE = '*'

/** A state as drawn (or the marker {@link ANY_OPEN_STATE}, of kind `any`). */
export interface DiagramNode {
  key: string
  kind: StateKind | 'any'
  /** the line under the key: the kind, and the policy or outcome */
  caption: string
  /** final states: their outcome (it picks the colour) */
  outcome?: string
  initial: boolean
  row: number
  /** centre */
  x: number
  y: number
}

/** What a transition means, for its colour and dash. */
export type EdgeKind = 'submit' | 'branch' | 'approve' | 'reject' | 'changes' | 'cancel'

/** A transition as drawn: an SVG path and where its label goes. */
export interface DiagramEdge {
  from: string
  to: string
  kind: EdgeKind
  label: string
  /** the SVG path's `d` */
  path: string
  labelX: number
  labelY: number
  /** the target is not a state of the definition: drawn to a placeholder */
  dangling: boolean
}

/** The whole drawing. */
export interface DiagramLayout {
  nodes: DiagramNode[]
  edges: DiagramEdge[]
  width: number
  height: number
}

/** Sizes in SVG units (px at 100 %). */
export const NODE_WIDTH = 168
export const NODE_HEIGHT = 52
const COLUMN_GAP = 72
const ROW_GAP = 76
const MARGIN = 24
/** Room on either side for transitions that run back up. */
const BACK_LANE = 28
/** A label's height, and the width of one of its characters, for keeping labels apart (11px text). */
const LABEL_HEIGHT = 14
const CHAR_WIDTH = 6.2

const OPERATOR_SIGNS: Record<RuleOperator, string> = {
  eq: '=',
  ne: '≠',
  in: 'in',
  nin: 'not in',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  exists: 'exists',
}

const short = (text: string, max = 30) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
const valueText = (value: unknown) =>
  Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(value)

/** A branch's conditions in words: `amount > 10000 and country = "CH"`; no conditions: `otherwise`. */
export function branchLabel(when: { field: string; operator: RuleOperator; value: unknown }[] | undefined): string {
  if (!when?.length) return 'otherwise'
  return when
    .map(({ field, operator, value }) =>
      operator === 'exists'
        ? `${field} ${value === false ? 'missing' : 'exists'}`
        : `${field} ${OPERATOR_SIGNS[operator]} ${valueText(value)}`,
    )
    .join(' and ')
}

function caption(state: DraftState): string {
  switch (state.kind) {
    case 'approval': {
      const policy = state.policy.kind === 'quorum' ? `quorum ${state.policy.n}` : state.policy.kind
      return `approval · ${policy}${state.sla ? ` · SLA ${state.sla.due}` : ''}`
    }
    case 'final':
      return `final · ${state.outcome}`
    default:
      return state.kind
  }
}

/** The transitions out of a state, labelled, without geometry (cancel is drawn once, from the marker). */
export function transitionsOf(state: DraftState): { to: string; kind: EdgeKind; label: string }[] {
  switch (state.kind) {
    case 'form':
      return [{ to: state.onSubmit, kind: 'submit', label: 'submit' }]
    case 'decision':
      return state.branches.map((branch) => ({ to: branch.to, kind: 'branch', label: branchLabel(branch.when) }))
    case 'approval':
      return [
        { to: state.onApprove, kind: 'approve', label: 'approve' },
        ...(state.onReject ? [{ to: state.onReject, kind: 'reject' as const, label: 'reject' }] : []),
        ...(state.onRequestChanges
          ? [{ to: state.onRequestChanges, kind: 'changes' as const, label: 'request changes' }]
          : []),
      ]
    case 'final':
      return []
  }
}

/** Rows: breadth-first distance from the initial state; states it does not reach go in a last row. */
function rowsOf(definition: DraftDefinition): Map<string, number> {
  const byKey = new Map(definition.states.map((state) => [state.key, state]))
  const rows = new Map<string, number>()
  const queue: string[] = byKey.has(definition.initial) ? [definition.initial] : []
  if (queue.length) rows.set(definition.initial, 0)
  while (queue.length) {
    const key = queue.shift()!
    for (const { to } of transitionsOf(byKey.get(key)!)) {
      if (rows.has(to) || !byKey.has(to)) continue
      rows.set(to, rows.get(key)! + 1)
      queue.push(to)
    }
  }
  const last = Math.max(-1, ...rows.values()) + 1
  for (const state of definition.states) if (!rows.has(state.key)) rows.set(state.key, last)
  return rows
}

/** A point `t` of the way along a cubic Bézier curve. */
function cubicAt(p: number[], t: number): [number, number] {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = p as [number, number, number, number, number, number, number, number]
  const u = 1 - t
  const a = u * u * u
  const b = 3 * u * u * t
  const c = 3 * u * t * t
  const d = t * t * t
  return [a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3]
}

interface Box {
  x: number
  y: number
  halfW: number
  halfH: number
}
const overlaps = (a: Box, b: Box) => Math.abs(a.x - b.x) < a.halfW + b.halfW && Math.abs(a.y - b.y) < a.halfH + b.halfH

/** Lays out `definition`'s states and transitions. */
export function layoutDiagram(definition: DraftDefinition): DiagramLayout {
  const rows = rowsOf(definition)
  const cancel = definition.states.some((state) => state.key === definition.cancel) ? definition.cancel : undefined
  const rowCount = Math.max(0, ...rows.values()) + 1
  const members: string[][] = Array.from({ length: rowCount }, () => [])
  // Definition order within a row: the order staff wrote, which is usually the order of the flow.
  for (const state of definition.states) {
    const row = members[rows.get(state.key)!]!
    if (row.includes(state.key)) continue
    // The marker sits just left of the cancel state.
    if (state.key === cancel) row.push(ANY_OPEN_STATE)
    row.push(state.key)
  }
  const widest = Math.max(1, ...members.map((row) => row.length))
  const rowWidth = (count: number) => count * NODE_WIDTH + (count - 1) * COLUMN_GAP
  const contentWidth = rowWidth(widest)
  const left = MARGIN + BACK_LANE
  const positions = new Map<string, { x: number; y: number; row: number }>()
  members.forEach((row, r) => {
    const start = left + (contentWidth - rowWidth(row.length)) / 2
    row.forEach((key, i) =>
      positions.set(key, {
        x: start + i * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH / 2,
        y: MARGIN + r * (NODE_HEIGHT + ROW_GAP) + NODE_HEIGHT / 2,
        row: r,
      }),
    )
  })
  const seen = new Set<string>()
  const nodes: DiagramNode[] = []
  for (const state of definition.states) {
    if (seen.has(state.key)) continue
    seen.add(state.key)
    if (state.key === cancel)
      nodes.push({
        key: ANY_OPEN_STATE,
        kind: 'any',
        caption: 'any form or approval',
        initial: false,
        ...positions.get(ANY_OPEN_STATE)!,
      })
    nodes.push({
      key: state.key,
      kind: state.kind,
      caption: caption(state),
      ...(state.kind === 'final' ? { outcome: state.outcome } : {}),
      initial: state.key === definition.initial,
      ...positions.get(state.key)!,
    })
  }

  const halfW = NODE_WIDTH / 2
  const halfH = NODE_HEIGHT / 2
  const centre = left + contentWidth / 2
  const lanes = { left: 0, right: 0 }
  const taken: Box[] = nodes.map((node) => ({ x: node.x, y: node.y, halfW, halfH }))
  const drawn: {
    transition: { from: string; to: string; kind: EdgeKind }
    curve: number[]
    spot: [number, number]
    label: string
    dangling: boolean
  }[] = []
  const edges: DiagramEdge[] = []
  /** How many stubs (targets that do not exist) each state has so far. */
  const stubs = new Map<string, number>()
  const transitions = definition.states.flatMap((state) =>
    transitionsOf(state).map((transition) => ({ from: state.key, ...transition })),
  )
  if (cancel) transitions.push({ from: ANY_OPEN_STATE, to: cancel, kind: 'cancel', label: 'cancel' })
  for (const transition of transitions) {
    const from = positions.get(transition.from)!
    const target = positions.get(transition.to)
    let curve: number[]
    if (!target) {
      // A target that does not exist: a short stub off the lower right corner, labelled with the missing key.
      const k = stubs.get(transition.from) ?? 0
      stubs.set(transition.from, k + 1)
      const x = from.x + halfW - 12
      const y = from.y + halfH
      curve = [x, y, x + 6, y + 6 + k * 8, x + 12, y + 12 + k * 14, x + 20, y + 16 + k * 16]
    } else if (target.row > from.row) {
      const y0 = from.y + halfH
      const y3 = target.y - halfH
      const bend = (y3 - y0) / 2
      curve = [from.x, y0, from.x, y0 + bend, target.x, y3 - bend, target.x, y3]
    } else if (target.row === from.row && transition.to !== transition.from) {
      const side = target.x > from.x ? 1 : -1
      const x0 = from.x + side * halfW
      const x3 = target.x - side * halfW
      curve = [x0, from.y, x0 + side * 20, from.y - 18, x3 - side * 20, target.y - 18, x3, target.y]
    } else {
      // Back up (or to itself): out of the side nearer the edge, round a lane beyond everything, in on that side.
      const side = from.x < centre ? -1 : 1
      const lane = side < 0 ? left - ++lanes.left * BACK_LANE : left + contentWidth + ++lanes.right * BACK_LANE
      const x0 = from.x + side * halfW
      const x3 = target.x + side * halfW
      curve = [x0, from.y, lane, from.y, lane, target.y, x3, target.y]
    }
    const label = target ? short(transition.label) : `${short(transition.label, 20)} → ${transition.to}?`
    const labelHalfW = (label.length * CHAR_WIDTH) / 2 + 2
    // The first spot along the line that covers no state and no label placed so far.
    // A stub's label starts where the stub ends.
    let spot: [number, number] = target ? cubicAt(curve, 0.5) : [curve[6]! + 4 + labelHalfW, curve[7]!]
    for (const t of target ? [0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8] : []) {
      const [x, y] = cubicAt(curve, t)
      if (!taken.some((box) => overlaps(box, { x, y, halfW: labelHalfW, halfH: LABEL_HEIGHT / 2 }))) {
        spot = [x, y]
        break
      }
    }
    taken.push({ x: spot[0], y: spot[1], halfW: labelHalfW, halfH: LABEL_HEIGHT / 2 })
    drawn.push({ transition, curve, spot, label, dangling: !target })
  }
  // Lanes beyond the first on the left push the whole drawing right.
  const shift = Math.max(0, lanes.left - 1) * BACK_LANE
  for (const node of nodes) node.x += shift
  for (const { transition, curve, spot, label, dangling } of drawn) {
    const [x0, y0, x1, y1, x2, y2, x3, y3] = curve.map((n, i) => Math.round((i % 2 === 0 ? n + shift : n) * 10) / 10)
    edges.push({
      from: transition.from,
      to: transition.to,
      kind: transition.kind,
      label,
      path: `M${x0} ${y0} C${x1} ${y1} ${x2} ${y2} ${x3} ${y3}`,
      labelX: Math.round(spot[0] + shift),
      labelY: Math.round(spot[1]),
      dangling,
    })
  }
  // Wide enough for every label too (a stub's label may reach past the rightmost state).
  const labelsRight = Math.max(0, ...taken.map((box) => box.x + box.halfW + shift))
  return {
    nodes,
    edges,
    width: Math.round(
      Math.max(
        shift + left + contentWidth + BACK_LANE + MARGIN + Math.max(0, lanes.right - 1) * BACK_LANE,
        labelsRight + 8,
      ),
    ),
    height: Math.round(MARGIN * 2 + rowCount * NODE_HEIGHT + Math.max(0, rowCount - 1) * ROW_GAP + 24),
  }
}
