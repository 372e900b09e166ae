// The close engine.
