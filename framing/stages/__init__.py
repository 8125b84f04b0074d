"""The analysis stages, in pipeline order: match, voice, model-found terms, counterfactual
loading, attribution, actors, and the summary that aggregates them into a report.

May import: records, errors, categories, config, lexicon, nlp, classifier; never render,
corpus, training or evaluation.
"""
