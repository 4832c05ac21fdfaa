import { useId, useState } from 'react'

interface MenuProps {
  /** Accessible name of the button, e.g. "Select priority". */
  label: string
  options: readonly string[]
  selected: number
  onSelect: (index: number) => void
}

/** A button that opens a list of options, as LinearLite's priority and status menus do. */
export const Menu = ({ label, options, selected, onSelect }: MenuProps) => {
  const [open, setOpen] = useState(false)
  const menuId = useId()
  return (
    <span className="menu">
      <button
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((isOpen) => !isOpen)}
      >
        {options[selected] ?? label}
      </button>
      {open && (
        <div role="menu" id={menuId} aria-label={label} className="menu-list">
          {options.map((option, index) => (
            <button
              key={option}
              type="button"
              role="menuitemradio"
              aria-checked={index === selected}
              onClick={() => {
                setOpen(false)
                onSelect(index)
              }}
            >
              {option}
            </button>
          ))}
        </div>
      )}
    </span>
  )
}
