import Survey
