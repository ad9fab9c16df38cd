// placeholder until the real implementation lands
