'use client'
/**
 * The diagram of a definition: states drawn by kind (form a rounded box, decision a diamond,
 * approval a box with a heavy border, final a pill coloured by its outcome) and the transitions
 * between them, labelled. The layout is computed by `layoutDiagram`; this only draws it.
 */
import React, { useMemo } from 'react'
import type { DraftDefinition } from './definitionDraft'
import { ANY_OPEN_STATE, NODE_HEIGHT, NODE_WIDTH, layoutDiagram, type DiagramNode } from './diagramLayout'
import './workflowDiagram.scss'

/** Props of {@link WorkflowDiagram}. */
export interface WorkflowDiagramProps {
  definition: DraftDefinition
  /** states to highlight, e.g. the path of a test run */
  highlight?: readonly string[]
}

const W = NODE_WIDTH / 2
const H = NODE_HEIGHT / 2

function Shape({ node }: { node: DiagramNode }) {
  switch (node.kind) {
    case 'decision':
      return <polygon points={`${-W},0 ${-W + 22},${-H} ${W - 22},${-H} ${W},0 ${W - 22},${H} ${-W + 22},${H}`} />
    case 'final':
      return <rect x={-W} y={-H} width={NODE_WIDTH} height={NODE_HEIGHT} rx={H} />
    case 'any':
      return <rect x={-W + 14} y={-H + 6} width={NODE_WIDTH - 28} height={NODE_HEIGHT - 12} rx={6} />
    case 'approval':
      return <rect x={-W} y={-H} width={NODE_WIDTH} height={NODE_HEIGHT} rx={4} strokeWidth={2.5} />
    default:
      return <rect x={-W} y={-H} width={NODE_WIDTH} height={NODE_HEIGHT} rx={10} />
  }
}

/** The diagram of `definition`'s states and transitions. */
export function WorkflowDiagram({ definition, highlight = [] }: WorkflowDiagramProps) {
  const layout = useMemo(() => layoutDiagram(definition), [definition])
  const lit = new Set(highlight)
  const states = layout.nodes.filter((node) => node.key !== ANY_OPEN_STATE).length
  return (
    <figure className="wf-diagram">
      <svg
        role="img"
        aria-label={`Diagram of ${states} states`}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        style={{ maxWidth: '100%', height: 'auto' }}
      >
        <defs>
          {['submit', 'branch', 'approve', 'reject', 'changes', 'cancel'].map((kind) => (
            <marker
              key={kind}
              id={`wf-arrow-${kind}`}
              className={`wf-diagram__arrow--${kind}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0 0 L10 5 L0 10 z" />
            </marker>
          ))}
        </defs>
        {layout.edges.map((edge, i) => (
          <g
            key={`${edge.from}-${i}`}
            className={`wf-diagram__edge wf-diagram__edge--${edge.kind}${edge.dangling ? ' wf-diagram__edge--dangling' : ''}`}
            data-from={edge.from}
            data-to={edge.to}
          >
            <path d={edge.path} fill="none" markerEnd={`url(#wf-arrow-${edge.kind})`} />
          </g>
        ))}
        {layout.nodes.map((node) => (
          <g
            key={node.key}
            className={`wf-diagram__node wf-diagram__node--${node.kind}${node.outcome ? ` wf-diagram__node--${node.outcome}` : ''}${lit.has(node.key) ? ' wf-diagram__node--lit' : ''}`}
            transform={`translate(${node.x} ${node.y})`}
            data-state={node.kind === 'any' ? undefined : node.key}
          >
            <title>
              {node.kind === 'any'
                ? 'Cancel: the requester may cancel from any form or approval state'
                : `${node.key}: ${node.caption}${node.initial ? ' (initial)' : ''}`}
            </title>
            <Shape node={node} />
            {node.initial && <circle cx={-W - 12} cy={0} r={5} className="wf-diagram__start" />}
            <text y={-4} textAnchor="middle" className="wf-diagram__key">
              {node.kind === 'any' ? 'any open state' : node.key.length > 20 ? `${node.key.slice(0, 19)}…` : node.key}
            </text>
            <text y={13} textAnchor="middle" className="wf-diagram__caption">
              {node.caption}
            </text>
          </g>
        ))}
        {/* Labels last, so they sit on top of lines and boxes. */}
        {layout.edges.map((edge, i) => (
          <g
            key={`label-${edge.from}-${i}`}
            className={`wf-diagram__label wf-diagram__label--${edge.dangling ? 'dangling' : edge.kind}`}
          >
            <text x={edge.labelX} y={edge.labelY} textAnchor="middle" dominantBaseline="middle">
              {edge.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="wf-diagram__legend">
        <span className="wf-legend wf-legend--form">form</span>
        <span className="wf-legend wf-legend--decision">decision</span>
        <span className="wf-legend wf-legend--approval">approval</span>
        <span className="wf-legend wf-legend--final">final</span>
        <span className="wf-legend-line wf-legend-line--approve">approve</span>
        <span className="wf-legend-line wf-legend-line--reject">reject</span>
        <span className="wf-legend-line wf-legend-line--changes">changes</span>
        <span className="wf-legend-line wf-legend-line--cancel">cancel</span>
      </figcaption>
    </figure>
  )
}
