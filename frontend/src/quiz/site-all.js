// The site's quiz with every question type and the assessment mode (shipped as quiz-site-all.js),
// for pages whose quizzes need more than choice and numeric questions: every lesson's does.
import { addAssessment } from "./assessment.js";
import { addMoreReaders } from "./more-types-markup.js";
import { addMoreTypes } from "./more-types.js";
import styles from "./site-all.css?text";
import { mountQuizzes } from "./site-quiz.js";

export { gradeResponse, ResponseError } from "./grading.js";

addMoreTypes();
addMoreReaders();
addAssessment();
mountQuizzes("quiz-site-all.js", styles);
