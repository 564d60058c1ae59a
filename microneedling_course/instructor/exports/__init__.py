"""Exports of the course for learning management systems: question banks and a SCORM package."""
