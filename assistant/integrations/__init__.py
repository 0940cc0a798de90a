"""Adapters that let other frameworks use Crosscheck (LangChain: `.langchain`)."""
