"""PDF documents: data in, PDF out; no database session, no Qt."""
