from tests.readers import load_topic_stories  # noqa: F401  (fixture)
