"""CV Paper Atlas: data/ -> validated catalogue -> pages and exports, independent of the site builder."""
