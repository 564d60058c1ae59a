"""Shared basics every layer may use: content paths, the Markdown subset, JSON for <script>."""
