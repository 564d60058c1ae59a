// The site's quiz for pages whose quizzes hold only choice and numeric questions in practice mode
// (shipped as quiz-site.js): no code for the other types, the assessment mode, Markdown or a kernel.
import styles from "./core.css?text";
import { mountQuizzes } from "./site-quiz.js";

export { gradeResponse, ResponseError } from "./grading.js";

mountQuizzes("quiz-site.js", styles);
