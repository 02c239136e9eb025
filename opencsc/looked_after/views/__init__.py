"""The pages of a child's care, split by feature: the care page and the provider register
(``care``), periods and episodes (``periods``), reviews, visits and plans (``reviews``),
health and education (``health``), and missing, UASC, adoption and permanence (``events``)."""
